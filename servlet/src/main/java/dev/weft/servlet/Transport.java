package dev.weft.servlet;

import dev.weft.http.SessionCookie;
import dev.weft.store.SessionKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * How a session's key travels between client and server: a cookie, or a header for APIs. What
 * the server tells the client is one response header value, which {@link #tell} sets and {@link
 * #told} finds again: containers drop headers in some places (Undertow on the way from an
 * exception to an error page, and during an include), so the filter checks and tells again.
 */
abstract sealed class Transport {

    /** Every well-formed key the request carries, in order; malformed ones are passed over. */
    abstract List<SessionKey> keys(HttpServletRequest request);

    /** The response header value that tells the client its key, or that its session ended (null key). */
    abstract String value(SessionKey keyOrNull);

    /** Sets {@code value} on the response. */
    abstract void tell(HttpServletResponse response, String value);

    /** Whether the response still carries {@code value}. */
    abstract boolean told(HttpServletResponse response, String value);

    /** Whether keys travel in a cookie. */
    abstract boolean isCookie();

    /**
     * The {@link SessionCookie}, as a {@code Set-Cookie} header: {@code addCookie} with Servlet
     * 6.0's {@code Cookie.setAttribute("SameSite", ..)} loses {@code SameSite} on Undertow 2.3.
     */
    static final class CookieTransport extends Transport {
        private final SessionCookie cookie;

        CookieTransport(SessionCookie cookie) {
            this.cookie = cookie;
        }

        String name() {
            return cookie.name();
        }

        @Override
        List<SessionKey> keys(HttpServletRequest request) {
            // The raw headers, as the JDK filter reads them: every cookie of the name, in order,
            // whatever a container's own cookie parsing keeps.
            Enumeration<String> headers = request.getHeaders("Cookie");
            return headers == null ? List.of() : cookie.keys(Collections.list(headers));
        }

        @Override
        String value(SessionKey keyOrNull) {
            return keyOrNull == null ? cookie.removal() : cookie.setCookie(keyOrNull);
        }

        @Override
        void tell(HttpServletResponse response, String value) {
            response.addHeader("Set-Cookie", value);
        }

        @Override
        boolean told(HttpServletResponse response, String value) {
            String pair = value.substring(0, value.indexOf(';') + 1); // name=value; (a container may reorder the rest)
            Collection<String> cookies = response.getHeaders("Set-Cookie");
            return cookies != null && cookies.stream().anyMatch(sent -> sent.startsWith(pair));
        }

        @Override
        boolean isCookie() {
            return true;
        }
    }

    /**
     * A request header carries the key ({@code X-Session-Key: <key>}); the same header on a
     * response tells the client a new key, and an empty one that its session ended.
     */
    static final class HeaderTransport extends Transport {
        private final String name;

        HeaderTransport(String name) {
            this.name = name;
        }

        @Override
        List<SessionKey> keys(HttpServletRequest request) {
            List<SessionKey> keys = new ArrayList<>();
            Enumeration<String> values = request.getHeaders(name);
            while (values != null && values.hasMoreElements()) {
                try {
                    keys.add(SessionKey.parse(values.nextElement().trim()));
                } catch (IllegalArgumentException malformed) {
                    // not a key Weft could have issued: as if absent
                }
            }
            return keys;
        }

        @Override
        String value(SessionKey keyOrNull) {
            return keyOrNull == null ? "" : keyOrNull.value();
        }

        @Override
        void tell(HttpServletResponse response, String value) {
            response.setHeader(name, value);
        }

        @Override
        boolean told(HttpServletResponse response, String value) {
            return value.equals(response.getHeader(name));
        }

        @Override
        boolean isCookie() {
            return false;
        }
    }
}
