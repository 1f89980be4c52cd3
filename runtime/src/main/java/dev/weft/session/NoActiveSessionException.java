package dev.weft.session;

/**
 * A session field or {@link Session#current()} was used on a thread with no open {@link
 * SessionScope}: outside {@code sessions.open(..)}, after the scope closed, or on a thread the
 * scope was not carried to ({@link SessionScope#wrap(Runnable)}). The message names the field.
 */
public final class NoActiveSessionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was used without a session, naming the field
     */
    public NoActiveSessionException(String message) {
        super(message);
    }
}
