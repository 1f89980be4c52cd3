package dev.weft.session;

/**
 * What a scope will do with its session when it closes, as actix-session's {@code SessionStatus}.
 * {@link #PURGED} wins over everything, {@link #RENEWED} over {@link #CHANGED}.
 */
public enum SessionStatus {
    /** Nothing was written through a field or the {@link Session} API (yet). A value read from a
     * field and changed in place is still saved at commit; status does not see that in advance. */
    UNCHANGED,
    /** A value was written, inserted or removed: the changes are saved at commit. */
    CHANGED,
    /** The state moves to a new key at commit; the old key stops working. */
    RENEWED,
    /** The session is deleted at commit; later writes in the scope are discarded. */
    PURGED
}
