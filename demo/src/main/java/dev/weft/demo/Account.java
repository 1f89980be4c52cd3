package dev.weft.demo;

import dev.weft.annotation.SessionScoped;
import dev.weft.session.Session;
import java.util.Optional;

/**
 * Who is signed in. Signing in renews the session key (against session fixation); signing out
 * purges the session, cart and all.
 */
public final class Account {

    @SessionScoped("user")
    private String user;

    /** Signs {@code name} in, keeping the cart, under a new session key. */
    public void signIn(String name) {
        user = name;
        Session.current().renew();
    }

    /** Ends the session. */
    public void signOut() {
        Session.current().purge();
    }

    /** The signed-in user's name, if any. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }
}
