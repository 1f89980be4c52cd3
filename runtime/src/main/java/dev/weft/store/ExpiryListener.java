package dev.weft.store;

import java.util.Map;

/**
 * Told of sessions that ended without a program asking for it: they expired (their idle timeout
 * or maximum lifetime ran out), or the store ended them to keep a limit.
 */
@FunctionalInterface
public interface ExpiryListener {

    /**
     * A session expired.
     *
     * @param id the session's identifier
     * @param lastState its state when it expired, reserved entries included; immutable
     */
    void expired(SessionId id, Map<String, String> lastState);

    /**
     * The store ended a session to make room under a limit (a principal's most sessions, with
     * the oldest ended), while storing another. Told by the process whose write made the room,
     * once. Does nothing unless overridden.
     *
     * @param id the session's identifier
     * @param lastState its state when it was ended, reserved entries included; immutable
     */
    default void endedForLimit(SessionId id, Map<String, String> lastState) {
    }
}
