package dev.weft.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives every exchange of a JDK {@code HttpServer} context its session: reads the session cookie,
 * opens a {@link SessionScope} around the handler, and commits when the handler sends the response
 * headers, so the state is stored before the client can send its next request and {@code
 * Set-Cookie} goes out with those headers.
 *
 * <pre>{@code
 * HttpContext shop = server.createContext("/", handler);
 * shop.getFilters().add(SessionFilter.builder(sessions).secure(false).build());
 * }</pre>
 *
 * <ul>
 *   <li>A missing, malformed or unknown cookie starts a new session; a malformed one costs no store
 *       call.
 *   <li>{@code Set-Cookie} is sent only when the key changed (a new session that stored something,
 *       a renewed one, an unknown key replaced); a session that ends (purge) gets a removal cookie
 *       with the same attributes.
 *   <li>Cookie attributes: {@code HttpOnly; SameSite=Lax; Path=/}, {@code Secure} unless turned off,
 *       {@code Max-Age} if set (otherwise the cookie lasts the browser session).
 *   <li>If the commit fails, {@code sendResponseHeaders} throws an {@link IOException} with the
 *       store's failure as cause: the client gets no response, and the stored state is unchanged.
 *       A handler that never sends headers has its session committed when it returns.
 *   <li>Once the headers are sent the scope is closed: do all session work before
 *       {@code sendResponseHeaders}.
 * </ul>
 */
public final class SessionFilter extends Filter {

    /** The cookie's name unless another is set. */
    public static final String DEFAULT_COOKIE_NAME = "weft-session";

    private final Sessions sessions;
    private final String cookieName;
    private final boolean secure;
    private final Duration maxAge;

    private SessionFilter(Builder builder) {
        this.sessions = builder.sessions;
        this.cookieName = builder.cookieName;
        this.secure = builder.secure;
        this.maxAge = builder.maxAge;
    }

    /** A filter with the defaults: cookie {@value #DEFAULT_COOKIE_NAME}, {@code Secure}, no max age. */
    public SessionFilter(Sessions sessions) {
        this(builder(sessions));
    }

    /** Starts a builder for a filter over {@code sessions}. */
    public static Builder builder(Sessions sessions) {
        return new Builder(sessions);
    }

    @Override
    public String description() {
        return "Weft session filter (cookie " + cookieName + ")";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Optional<String> cookie = cookie(exchange.getRequestHeaders());
        SessionKey key = cookie.flatMap(SessionFilter::parse).orElse(null);
        SessionScope scope = sessions.open(key);
        Committing committing = new Committing(exchange, scope, key, cookie.isPresent());
        try {
            chain.doFilter(committing);
        } finally {
            committing.commit();
        }
    }

    private static Optional<SessionKey> parse(String value) {
        try {
            return Optional.of(SessionKey.parse(value));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private Optional<String> cookie(Headers headers) {
        List<String> values = headers.get("Cookie");
        if (values == null) {
            return Optional.empty();
        }
        for (String header : values) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(cookieName)) {
                    return Optional.of(pair.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    private String setCookie(String value, boolean removal) {
        StringBuilder cookie = new StringBuilder(cookieName).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Lax");
        if (secure) {
            cookie.append("; Secure");
        }
        if (removal) {
            cookie.append("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        } else if (maxAge != null) {
            cookie.append("; Max-Age=").append(maxAge.getSeconds());
        }
        return cookie.toString();
    }

    /** The exchange as the handler sees it: sending headers commits the session first. */
    private final class Committing extends HttpExchange {
        private final HttpExchange exchange;
        private final SessionScope scope;
        private final SessionKey requestKey;
        private final boolean hadCookie;
        private boolean committed;

        Committing(HttpExchange exchange, SessionScope scope, SessionKey requestKey, boolean hadCookie) {
            this.exchange = exchange;
            this.scope = scope;
            this.requestKey = requestKey;
            this.hadCookie = hadCookie;
        }

        /** Commits once, adding {@code Set-Cookie} if the key changed or the session ended. */
        void commit() {
            if (committed) {
                return;
            }
            committed = true;
            scope.close();
            Optional<SessionKey> key = scope.key();
            if (key.isPresent() && !key.get().equals(requestKey)) {
                exchange.getResponseHeaders().add("Set-Cookie", setCookie(key.get().value(), false));
            } else if (key.isEmpty() && hadCookie) {
                exchange.getResponseHeaders().add("Set-Cookie", setCookie("", true));
            }
        }

        @Override
        public void sendResponseHeaders(int code, long length) throws IOException {
            try {
                commit();
            } catch (RuntimeException e) {
                throw new IOException("the session could not be stored, so no response is sent: "
                        + e.getMessage(), e);
            }
            exchange.sendResponseHeaders(code, length);
        }

        @Override
        public Headers getRequestHeaders() {
            return exchange.getRequestHeaders();
        }

        @Override
        public Headers getResponseHeaders() {
            return exchange.getResponseHeaders();
        }

        @Override
        public URI getRequestURI() {
            return exchange.getRequestURI();
        }

        @Override
        public String getRequestMethod() {
            return exchange.getRequestMethod();
        }

        @Override
        public HttpContext getHttpContext() {
            return exchange.getHttpContext();
        }

        @Override
        public void close() {
            exchange.close();
        }

        @Override
        public InputStream getRequestBody() {
            return exchange.getRequestBody();
        }

        @Override
        public OutputStream getResponseBody() {
            return exchange.getResponseBody();
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return exchange.getRemoteAddress();
        }

        @Override
        public int getResponseCode() {
            return exchange.getResponseCode();
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return exchange.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return exchange.getProtocol();
        }

        @Override
        public Object getAttribute(String name) {
            return exchange.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            exchange.setAttribute(name, value);
        }

        @Override
        public void setStreams(InputStream in, OutputStream out) {
            exchange.setStreams(in, out);
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return exchange.getPrincipal();
        }
    }

    /** Options for a {@link SessionFilter}. */
    public static final class Builder {
        private final Sessions sessions;
        private String cookieName = DEFAULT_COOKIE_NAME;
        private boolean secure = true;
        private Duration maxAge;

        private Builder(Sessions sessions) {
            this.sessions = Objects.requireNonNull(sessions, "sessions");
        }

        /**
         * The cookie's name (default {@value #DEFAULT_COOKIE_NAME}).
         *
         * @throws IllegalArgumentException if empty or not a valid cookie name (RFC 6265 token)
         */
        public Builder cookieName(String cookieName) {
            if (cookieName == null || cookieName.isEmpty() || !cookieName.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("cookie name must be a non-empty RFC 6265 token, was '"
                        + cookieName + "'");
            }
            this.cookieName = cookieName;
            return this;
        }

        /** Whether the cookie carries {@code Secure} (default true; turn off only for plain-HTTP development). */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * How long the browser keeps the cookie; default: until the browser closes. The session
         * itself still ends after its TTL without requests.
         *
         * @throws IllegalArgumentException if negative or zero
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
                throw new IllegalArgumentException("cookie max age must be positive, was " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Builds the filter. */
        public SessionFilter build() {
            return new SessionFilter(this);
        }

        private static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
