package example.shop;

import dev.weft.annotation.SessionScoped;
import dev.weft.session.Session;
import java.util.ArrayList;
import java.util.List;

/** A small shop's cart, as an application writes it: one instance, each session its own items. */
public final class Cart {

    @SessionScoped
    private List<String> items = new ArrayList<>();

    @SessionScoped("user")
    private String user;

    /** Adds one item. */
    public void add(String item) {
        items.add(item);
    }

    /** The items, in the order they were added. */
    public List<String> items() {
        return List.copyOf(items);
    }

    /** Signs {@code name} in: the cart stays, the session gets a new key (against session fixation). */
    public void signIn(String name) {
        user = name;
        Session.current().renew();
    }

    /** Who is signed in, or null. */
    public String user() {
        return user;
    }
}
