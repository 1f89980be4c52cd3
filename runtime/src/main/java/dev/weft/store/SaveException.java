package dev.weft.store;

/**
 * Saving a new session failed ({@link SessionStore#save}). {@link #kind()} is {@link Kind#SERIALIZATION} when the
 * state itself is the problem, {@link Kind#OTHER} when the store is.
 */
public final class SaveException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param kind what went wrong
     * @param message a description that names the problem
     * @param cause the underlying failure, or null
     */
    public SaveException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
