package dev.weft.session;

/**
 * A request carried several keys that each name a live session (several cookies of one name),
 * so none of them can be trusted to be the user's: one may have been planted to capture the
 * user's writes. A filter answers such a request without a session ({@code 400 Bad Request});
 * nothing is read or stored. With the {@code __Host-} cookie prefix a browser never sends such a
 * request; a client that does must drop its stale cookies.
 */
public final class AmbiguousSessionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param live how many of the request's keys name live sessions
     */
    public AmbiguousSessionException(int live) {
        super("the request carries " + live + " session keys that each name a live session; none is used");
    }
}
