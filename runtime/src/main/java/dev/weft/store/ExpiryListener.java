package dev.weft.store;

import java.util.Map;

/** Told of sessions that ended because they expired: their idle timeout or maximum lifetime ran out. */
@FunctionalInterface
public interface ExpiryListener {

    /**
     * A session expired.
     *
     * @param id the session's identifier
     * @param lastState its state when it expired, reserved entries included; immutable
     */
    void expired(SessionId id, Map<String, String> lastState);
}
