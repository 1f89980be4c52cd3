package dev.weft.demo;

import dev.weft.annotation.SessionScoped;

/** Counts the pages a session has seen. */
public final class Visits {

    @SessionScoped
    private static int count;

    /** Counts one more page and returns the new count. */
    public static int next() {
        return ++count;
    }

    /** The pages counted so far. */
    public static int count() {
        return count;
    }
}
