package dev.weft.session;

/**
 * Told of sessions' lifecycles, once in the cluster: created, renewed and purged by the process
 * whose request did it, expired by the member that held the session (see {@link
 * Sessions.Builder#listener}). Listeners run on the executor given to the builder, never on a
 * request's thread or a Hazelcast thread, so a slow listener delays only other events. Each
 * method does nothing unless overridden.
 */
public interface SessionListener {

    /** A new session was stored for the first time. */
    default void created(SessionEvent event) {
    }

    /** A session moved to a new key. */
    default void renewed(SessionEvent event) {
    }

    /**
     * A session was ended by the program: a scope's purge, {@link Sessions#invalidate(String)}
     * (one event per session), or a principal limit that ended it to make room for a newer one
     * ({@link SessionEvent#get} then reads its last state).
     */
    default void purged(SessionEvent event) {
    }

    /** A session expired; {@link SessionEvent#get} reads its last state. */
    default void expired(SessionEvent event) {
    }
}
