package dev.weft.store;

/**
 * Loading a session's state failed ({@link SessionStore#load}). {@link #kind()} is {@link Kind#DESERIALIZATION} when the
 * state itself is the problem, {@link Kind#OTHER} when the store is.
 */
public final class LoadException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param kind what went wrong
     * @param message a description that names the problem
     * @param cause the underlying failure, or null
     */
    public LoadException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
