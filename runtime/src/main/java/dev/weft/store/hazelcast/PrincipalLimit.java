package dev.weft.store.hazelcast;

/** What a store does when binding one more session to a principal would pass its maximum. */
public enum PrincipalLimit {
    /** Refuse the newer: the write that binds it fails with kind {@code TOO_MANY_SESSIONS}, and nothing is stored. */
    REFUSE_NEWER,
    /**
     * End the principal's oldest sessions (by creation) to make room, as a purge ends them (their
     * keys are refused from then on). Listeners hear each as purged, with its last state, from the
     * process whose write ended it.
     */
    END_OLDEST
}
