package dev.weft.store;

/**
 * A session store operation failed. The unchecked base of every store failure; {@code updateTtl}
 * and {@code delete} fail with this class itself, the other operations with {@link LoadException},
 * {@link SaveException} or {@link UpdateException}.
 *
 * <p>Store operations report failures by completing their stage exceptionally; waiting on such
 * a stage ({@code join()}) wraps this exception in a {@link java.util.concurrent.CompletionException}.
 */
public class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * What went wrong, in the terms of actix-session's store errors, plus {@link #ENDED}, which
     * actix-session lacks because it brings ended sessions back under new keys.
     */
    public enum Kind {
        /** The stored state could not be decoded: it was written by something else or damaged. */
        DESERIALIZATION,
        /** The state could not be encoded for storage, for example because it is too large. */
        SERIALIZATION,
        /**
         * The session was purged or renewed moments ago, so a write with its old key was refused
         * and nothing was stored: the old key stops working at once, and a request that was
         * already under way must not undo the purge or split the session. Retrying the request
         * with the client's current key is safe.
         */
        ENDED,
        /**
         * Binding one more session to a principal would pass the most sessions a principal may
         * have, and the store refuses the newer: nothing was stored.
         */
        TOO_MANY_SESSIONS,
        /** Anything else: the store was unreachable, timed out, or failed internally. */
        OTHER
    }

    private final Kind kind;

    /**
     * @param kind what went wrong
     * @param message a description that names the problem
     * @param cause the underlying failure, or null
     */
    public SessionStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind of failure, never null
     */
    public Kind kind() {
        return kind;
    }
}
