package dev.weft.servlet;

import dev.weft.store.SessionKey;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/** How a session's key travels between client and server: a cookie, or a header for APIs. */
abstract sealed class Transport {

    /** Every well-formed key the request carries, in order; malformed ones are passed over. */
    abstract List<SessionKey> keys(HttpServletRequest request);

    /** Tells the client its session's (new) key. */
    abstract void send(HttpServletResponse response, SessionKey key);

    /** Tells the client its session ended. */
    abstract void remove(HttpServletResponse response);

    /** Whether keys travel in a cookie. */
    abstract boolean isCookie();

    static SessionKey parseOrNull(String text) {
        try {
            return SessionKey.parse(text.trim());
        } catch (IllegalArgumentException malformed) {
            return null; // not a key Weft could have issued: as if absent
        }
    }

    /**
     * The cookie, with the attributes of the runtime's {@code dev.weft.http.SessionFilter}. It is
     * added with {@link HttpServletResponse#addCookie} (SameSite through Servlet 6.0's {@link
     * Cookie#setAttribute}), because Undertow keeps such cookies when an exception sends the
     * request to an error page, while it drops headers set by name.
     */
    static final class CookieTransport extends Transport {
        private final String name;
        private final boolean secure;
        private final Duration maxAge;

        CookieTransport(String name, boolean secure, Duration maxAge) {
            this.name = name;
            this.secure = secure;
            this.maxAge = maxAge;
        }

        String name() {
            return name;
        }

        @Override
        List<SessionKey> keys(HttpServletRequest request) {
            // The raw headers, not getCookies(): every container must hand over every cookie of
            // the name, in order, and the JDK filter reads them the same way.
            List<SessionKey> keys = new ArrayList<>();
            Enumeration<String> headers = request.getHeaders("Cookie");
            while (headers != null && headers.hasMoreElements()) {
                for (String pair : headers.nextElement().split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                        String value = pair.substring(eq + 1).trim();
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                            value = value.substring(1, value.length() - 1);
                        }
                        SessionKey key = parseOrNull(value);
                        if (key != null) {
                            keys.add(key);
                        }
                    }
                }
            }
            return keys;
        }

        @Override
        void send(HttpServletResponse response, SessionKey key) {
            Cookie cookie = cookie(key.value());
            if (maxAge != null) {
                cookie.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.getSeconds()));
            }
            response.addCookie(cookie);
        }

        @Override
        void remove(HttpServletResponse response) {
            Cookie cookie = cookie("");
            cookie.setMaxAge(0);
            response.addCookie(cookie);
        }

        private Cookie cookie(String value) {
            Cookie cookie = new Cookie(name, value);
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            cookie.setSecure(secure);
            cookie.setAttribute("SameSite", "Lax");
            return cookie;
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
                SessionKey key = parseOrNull(values.nextElement());
                if (key != null) {
                    keys.add(key);
                }
            }
            return keys;
        }

        @Override
        void send(HttpServletResponse response, SessionKey key) {
            response.setHeader(name, key.value());
        }

        @Override
        void remove(HttpServletResponse response) {
            response.setHeader(name, "");
        }

        @Override
        boolean isCookie() {
            return false;
        }
    }
}
