package com.example.quickstart;

import dev.weft.annotation.SessionScoped;
import java.util.ArrayList;
import java.util.List;

/** A shopping cart whose items belong to the current session, not to this object. */
public final class Cart {
    @SessionScoped private List<String> items = new ArrayList<>(); // every new session starts with an empty list

    public void add(String item) {
        items.add(item); // a change in place is stored too
    }

    public List<String> items() {
        return List.copyOf(items);
    }
}
