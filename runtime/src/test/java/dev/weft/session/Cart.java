package dev.weft.session;

import dev.weft.annotation.SessionScoped;
import dev.weft.session.internal.SessionBridge;
import dev.weft.session.internal.SessionField;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fixture with session fields, accessed the way woven code would: through the bridge. The
 * plain fields keep what the constructor and static initializer gave them: the defaults.
 */
class Cart {
    record Item(String name, int quantity) {
    }

    enum Theme { LIGHT, DARK }

    @SessionScoped List<Item> items = new ArrayList<>();
    @SessionScoped("user") String user;
    @SessionScoped int visits = 7;
    @SessionScoped static long counter = 5;
    @SessionScoped Map<String, Integer> scores = new TreeMap<>();
    @SessionScoped Theme theme = Theme.LIGHT;
    @SessionScoped LocalDate since;
    @SessionScoped double ratio;
    @SessionScoped boolean flag;

    static final SessionField ITEMS = SessionBridge.field(Cart.class, "items");
    static final SessionField USER = SessionBridge.field(Cart.class, "user");
    static final SessionField VISITS = SessionBridge.field(Cart.class, "visits");
    static final SessionField COUNTER = SessionBridge.field(Cart.class, "counter");
    static final SessionField SCORES = SessionBridge.field(Cart.class, "scores");
    static final SessionField THEME = SessionBridge.field(Cart.class, "theme");
    static final SessionField SINCE = SessionBridge.field(Cart.class, "since");
    static final SessionField RATIO = SessionBridge.field(Cart.class, "ratio");
    static final SessionField FLAG = SessionBridge.field(Cart.class, "flag");

    @SuppressWarnings("unchecked")
    List<Item> items() {
        return (List<Item>) SessionBridge.getReference(this, ITEMS);
    }

    void items(List<Item> value) {
        SessionBridge.setReference(this, value, ITEMS);
    }

    String user() {
        return (String) SessionBridge.getReference(this, USER);
    }

    void user(String value) {
        SessionBridge.setReference(this, value, USER);
    }

    int visits() {
        return SessionBridge.getInt(this, VISITS);
    }

    void visits(int value) {
        SessionBridge.setInt(this, value, VISITS);
    }

    static long counter() {
        return SessionBridge.getLong(null, COUNTER);
    }

    static void counter(long value) {
        SessionBridge.setLong(null, value, COUNTER);
    }

    @SuppressWarnings("unchecked")
    Map<String, Integer> scores() {
        return (Map<String, Integer>) SessionBridge.getReference(this, SCORES);
    }

    Theme theme() {
        return (Theme) SessionBridge.getReference(this, THEME);
    }

    void theme(Theme value) {
        SessionBridge.setReference(this, value, THEME);
    }

    LocalDate since() {
        return (LocalDate) SessionBridge.getReference(this, SINCE);
    }

    void since(LocalDate value) {
        SessionBridge.setReference(this, value, SINCE);
    }

    double ratio() {
        return SessionBridge.getDouble(this, RATIO);
    }

    void ratio(double value) {
        SessionBridge.setDouble(this, value, RATIO);
    }

    boolean flag() {
        return SessionBridge.getBoolean(this, FLAG);
    }

    void flag(boolean value) {
        SessionBridge.setBoolean(this, value, FLAG);
    }
}
