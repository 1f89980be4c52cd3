package dev.weft.session;

/**
 * A session value could not be turned into or out of its stored JSON text: a value with no JSON
 * form, or, through the {@link Session} API, a stored value that does not fit the type asked for.
 * The message names the state key, the type and the kind of problem, and never contains the value
 * or the text (Jackson's own messages quote them, so they are not kept as a cause). The session's
 * other values are unaffected, and a stored value that failed to decode is left in the store as it
 * is unless the program writes that key. A {@code @SessionScoped} field whose stored value does not
 * decode reads as its default instead (see {@link Sessions}).
 */
public final class SessionValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the state key and the type, never the value
     * @param cause the underlying failure, or null where it would reveal the value
     */
    public SessionValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
