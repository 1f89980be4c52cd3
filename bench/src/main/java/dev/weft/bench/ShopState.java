package dev.weft.bench;

import dev.weft.annotation.SessionScoped;
import dev.weft.session.NoActiveSessionException;

/**
 * The session state every benchmark works on: three values of about 100 bytes each, as a shop
 * would keep a profile, a cart and preferences. Under the Weft agent every access to these fields
 * from outside this class's constructor is woven into a session access; without the agent they are
 * plain fields, and the benchmarks that need weaving check that with {@link #isWoven()}.
 */
public final class ShopState {

    /** State keys, as stored: short explicit keys (see bench/README.md, memory). */
    public static final String PROFILE = "profile";
    public static final String CART = "cart";
    public static final String PREFS = "prefs";
    public static final String VISITS = "visits";

    @SessionScoped(PROFILE)
    public String profile = "";
    @SessionScoped(CART)
    public String cart = "";
    @SessionScoped(PREFS)
    public String prefs = "";
    /** A primitive field, for the bridge's {@code getInt}/{@code setInt} path. */
    @SessionScoped(VISITS)
    public int visits;

    /** Fails with a message saying how to run with the agent unless {@link #isWoven()}. */
    public static void requireWoven() {
        if (!isWoven()) {
            throw new IllegalStateException("ShopState's fields are not woven: run with"
                    + " -javaagent:bench/target/weft-agent.jar from the repository root");
        }
    }

    /**
     * Whether the agent wove this class's field accesses: a woven read outside any session scope
     * throws {@link dev.weft.session.NoActiveSessionException}, a plain one returns the field.
     */
    public static boolean isWoven() {
        ShopState probe = new ShopState();
        try {
            return probe.profile == null; // plain: the initializer's "", so false
        } catch (NoActiveSessionException woven) {
            return true;
        }
    }
}
