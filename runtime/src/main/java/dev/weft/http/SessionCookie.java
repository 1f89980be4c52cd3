package dev.weft.http;

import dev.weft.store.SessionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The session cookie, as both of Weft's HTTP filters read and write it (this package's, for the
 * JDK's {@code HttpServer}, and {@code weft-servlet}'s): {@code <name>=<key>; Path=/; HttpOnly;
 * SameSite=Lax}, then {@code Secure} unless turned off and {@code Max-Age} if set; a removal has
 * an empty value, {@code Max-Age=0} and an {@code Expires} in the past. The default name, {@value
 * #SECURE_NAME}, has the {@code __Host-} prefix, so that a sibling subdomain or a man in the
 * middle cannot plant a cookie that shadows it; it needs {@code Secure}, and {@value
 * #DEFAULT_NAME} is the default without.
 *
 * <p>Immutable; a filter builds one from its options.
 */
public final class SessionCookie {

    /** The cookie's name when {@code Secure} is off, unless another is set. */
    public static final String DEFAULT_NAME = "weft-session";
    /** The cookie's name when {@code Secure} is on (the default), unless another is set. */
    public static final String SECURE_NAME = "__Host-weft-session";

    private static final String REMOVAL = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    private final String name;
    private final boolean secure;
    private final Duration maxAge;

    private SessionCookie(String name, boolean secure, Duration maxAge) {
        this.name = name;
        this.secure = secure;
        this.maxAge = maxAge;
    }

    /**
     * The cookie with these options.
     *
     * @param name an RFC 6265 token, or null for the default ({@value #SECURE_NAME}, or {@value
     *     #DEFAULT_NAME} without {@code Secure})
     * @param secure whether it carries {@code Secure} (turn it off only for plain-HTTP development)
     * @param maxAge how long the browser keeps it, positive; null: until the browser closes (the
     *     session itself still ends after its idle timeout)
     * @throws IllegalArgumentException if the name is empty or not a token, if a name starting with
     *     {@code __Host-} is not {@code Secure} (browsers would refuse it), or if {@code maxAge} is
     *     zero or negative
     */
    public static SessionCookie of(String name, boolean secure, Duration maxAge) {
        if (name == null) {
            name = secure ? SECURE_NAME : DEFAULT_NAME;
        }
        if (name.isEmpty() || !name.chars().allMatch(SessionCookie::isTokenChar)) {
            throw new IllegalArgumentException("cookie name must be a non-empty RFC 6265 token, was '" + name + "'");
        }
        if (name.startsWith("__Host-") && !secure) {
            throw new IllegalArgumentException("a cookie named " + name + " must be Secure: browsers refuse"
                    + " __Host- cookies without it");
        }
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            throw new IllegalArgumentException("cookie max age must be positive, was " + maxAge);
        }
        return new SessionCookie(name, secure, maxAge);
    }

    /** The cookie's name. */
    public String name() {
        return name;
    }

    /**
     * Every well-formed key in cookies of this name, in the order the request carries them. A
     * value that is not a key Weft could have issued is passed over, as if absent.
     *
     * @param cookieHeaders the request's {@code Cookie} header values
     */
    public List<SessionKey> keys(Iterable<String> cookieHeaders) {
        List<SessionKey> keys = new ArrayList<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    try {
                        keys.add(SessionKey.parse(pair.substring(eq + 1).trim()));
                    } catch (IllegalArgumentException malformed) {
                        // not a key Weft could have issued: as if absent
                    }
                }
            }
        }
        return keys;
    }

    /** The {@code Set-Cookie} value that gives the client {@code key}. */
    public String setCookie(SessionKey key) {
        Objects.requireNonNull(key, "key");
        StringBuilder cookie = attributes(key.value());
        if (maxAge != null) {
            cookie.append("; Max-Age=").append(maxAge.getSeconds());
        }
        return cookie.toString();
    }

    /** The {@code Set-Cookie} value that removes the cookie from the client. */
    public String removal() {
        return attributes("").append(REMOVAL).toString();
    }

    private StringBuilder attributes(String value) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Lax");
        if (secure) {
            cookie.append("; Secure");
        }
        return cookie;
    }

    /** Names the cookie, never a key. */
    @Override
    public String toString() {
        return "SessionCookie[" + name + (secure ? ", Secure" : "") + (maxAge != null ? ", Max-Age " + maxAge : "")
                + "]";
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
