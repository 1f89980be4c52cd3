package dev.weft.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * State keys that start with {@value #PREFIX} belong to Weft: they hold what a session knows of
 * itself besides the application's values, as decimal text, and stores act on some of them. An
 * application's keys never start with {@value #PREFIX} (sessions refuse such keys).
 *
 * <ul>
 *   <li>{@link #CREATED}: when the session was created, epoch milliseconds.
 *   <li>{@link #DEADLINE}: the end of the session's absolute lifetime, epoch milliseconds. A store
 *       treats the session as gone from that instant on and never keeps it longer: every TTL it
 *       sets is cut to end by then.
 *   <li>{@link #IDLE_TIMEOUT}: the session's own idle timeout, milliseconds. A store uses it instead
 *       of the TTL a write or TTL update is given.
 *   <li>{@link #PRINCIPAL}: the user the session belongs to, as text. A store that lists sessions by
 *       principal ({@link SessionStore#sessionsOf}) indexes it.
 * </ul>
 */
public final class ReservedKeys {

    /** The first character of every reserved key. */
    public static final String PREFIX = "@";
    /** When the session was created (epoch milliseconds). */
    public static final String CREATED = "@created";
    /** When the session's absolute lifetime ends (epoch milliseconds). */
    public static final String DEADLINE = "@deadline";
    /** The session's own idle timeout (milliseconds), used instead of the TTL a store is given. */
    public static final String IDLE_TIMEOUT = "@idle";
    /** The principal (user) the session is bound to. */
    public static final String PRINCIPAL = "@principal";

    private ReservedKeys() {
    }

    /**
     * Whether {@code key} is reserved.
     *
     * @param key a state key
     * @return whether it starts with {@value #PREFIX}
     */
    public static boolean isReserved(String key) {
        return key.startsWith(PREFIX);
    }

    /**
     * The instant a reserved key holds, if the state has it and it is a number.
     *
     * @param state a session's state
     * @param key {@link #CREATED} or {@link #DEADLINE}
     * @return the instant, or empty
     */
    public static Optional<Instant> instant(Map<String, String> state, String key) {
        long millis = millis(state.get(key));
        return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /**
     * The session's own idle timeout, if it has one.
     *
     * @param state a session's state
     * @return the timeout, or empty
     */
    public static Optional<Duration> idleTimeout(Map<String, String> state) {
        long millis = millis(state.get(IDLE_TIMEOUT));
        return millis <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    /** Decimal text as a non-negative long; -1 for null or anything else. */
    static long millis(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
