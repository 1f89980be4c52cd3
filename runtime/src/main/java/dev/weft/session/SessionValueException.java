package dev.weft.session;

/**
 * A session value could not be turned into or out of its stored JSON text: a stored value that
 * does not fit the field's type, or a value with no JSON form. The message names the state key
 * and the type. The session's other values are unaffected, and a value that failed to decode is
 * left in the store as it is unless the program writes that key.
 */
public final class SessionValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the state key and the type
     * @param cause the codec's failure
     */
    public SessionValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
