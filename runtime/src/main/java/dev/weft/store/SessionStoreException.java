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

    /** What went wrong, in the terms of actix-session's store errors. */
    public enum Kind {
        /** The stored state could not be decoded: it was written by something else or damaged. */
        DESERIALIZATION,
        /** The state could not be encoded for storage, for example because it is too large. */
        SERIALIZATION,
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
