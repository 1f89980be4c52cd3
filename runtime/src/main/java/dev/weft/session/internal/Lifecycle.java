package dev.weft.session.internal;

import dev.weft.session.SessionEvent;
import dev.weft.store.SessionId;

/** What a scope tells its sessions of a session's lifecycle, for listeners and metrics. */
@FunctionalInterface
public interface Lifecycle {

    /** Nobody listens. */
    Lifecycle NONE = (type, id, previous, principal) -> { };

    /**
     * Something happened to a session.
     *
     * @param previous for a renewal, the old identifier; else null
     * @param principal the session's principal where known, else null
     */
    void happened(SessionEvent.Type type, SessionId id, SessionId previous, String principal);
}
