package dev.weft.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.weft.session.AmbiguousSessionException;
import dev.weft.session.SessionScope;
import dev.weft.session.SessionStatus;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * shop.getFilters().add(SessionFilter.builder(sessions).build());
 * }</pre>
 *
 * <ul>
 *   <li>The cookie is a {@link SessionCookie}: {@value SessionCookie#SECURE_NAME} by default
 *       ({@code Secure}, and the {@code __Host-} prefix, so that neither a sibling subdomain nor a
 *       man in the middle can plant one that shadows it), or {@value SessionCookie#DEFAULT_NAME}
 *       where {@code Secure} is turned off. Its attributes: {@code HttpOnly; SameSite=Lax;
 *       Path=/}, {@code Secure} unless turned off, {@code Max-Age} if set (otherwise the cookie
 *       lasts the browser session).
 *   <li>A missing, malformed or unknown cookie starts a new session; a malformed one costs no store
 *       call. Of several cookies of the name, those naming no live session are passed over; if
 *       more than one names a live session the exchange gets {@code 400} and no session at all
 *       ({@link Sessions#choose}).
 *   <li>{@code Set-Cookie} is sent only when this exchange stored its session under a new key (a new
 *       session, a renewal, an unknown key replaced). Only the exchange that purged the session
 *       sends a removal cookie. An exchange carrying a key that another request purged or renewed
 *       meanwhile sends no {@code Set-Cookie} at all.
 *   <li>If the exchange's writes are refused because another request purged or renewed its session
 *       while it ran, the client gets {@code 409 Conflict} instead of the handler's response (whose
 *       headers are dropped and whose body is discarded). A retry succeeds once the client holds the
 *       current key (the response that renewed it gave it one); a client whose key was purged
 *       (signed out, or ended with all of its principal's sessions) gets {@code 409} for its writes
 *       until the store forgets the ended key (its tombstone grace, 60 s by default), and is then
 *       treated as one without a session.
 *   <li>If the handler throws before sending headers, its session changes are discarded and its
 *       exception reaches the server unchanged (a failure to discard is added as suppressed).
 *   <li>If the commit fails otherwise (the store is unreachable, a value is too large), {@code
 *       sendResponseHeaders} throws an {@link IOException} with the failure as cause: the client gets
 *       no response, and the stored state is unchanged. A handler that never sends headers has its
 *       session committed when it returns.
 *   <li>Once the headers are sent the scope is closed: do all session work before {@code
 *       sendResponseHeaders}.
 *   <li>A scope still bound to the server thread when an exchange starts (left open by work that
 *       never closed it) is discarded with a warning, and the exchange gets a fresh one.
 * </ul>
 */
public final class SessionFilter extends Filter {

    private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
    private static final byte[] CONFLICT = ("The session ended while this request was under way (it was signed out"
            + " or signed in again elsewhere), so nothing was stored. Retry the request: it succeeds once this client"
            + " holds the current session's cookie, or, after a sign-out, once the ended key is forgotten (the"
            + " store's grace period).\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] AMBIGUOUS = "The request carries several live session cookies; drop the stale ones.\n"
            .getBytes(StandardCharsets.UTF_8);

    private final Sessions sessions;
    private final SessionCookie cookie;

    private SessionFilter(Builder builder) {
        this.sessions = builder.sessions;
        this.cookie = SessionCookie.of(builder.cookieName, builder.secure, builder.maxAge);
    }

    /** A filter with the defaults: cookie {@value SessionCookie#SECURE_NAME}, {@code Secure}, no max age. */
    public SessionFilter(Sessions sessions) {
        this(builder(sessions));
    }

    /** Starts a builder for a filter over {@code sessions}. */
    public static Builder builder(Sessions sessions) {
        return new Builder(sessions);
    }

    /** The name of the cookie this filter reads and writes. */
    public String cookieName() {
        return cookie.name();
    }

    @Override
    public String description() {
        return "Weft session filter (cookie " + cookie.name() + ")";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (SessionScope.discardAbandoned()) {
            LOG.log(System.Logger.Level.WARNING, "a session scope was still open on this server thread when an"
                    + " exchange started (earlier work never closed it); it was discarded, unstored");
        }
        List<String> cookieHeaders = exchange.getRequestHeaders().get("Cookie");
        List<SessionKey> keys = cookieHeaders == null ? List.of() : cookie.keys(cookieHeaders);
        Optional<SessionKey> key;
        try {
            key = sessions.choose(keys);
        } catch (AmbiguousSessionException e) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(400, AMBIGUOUS.length);
            exchange.getResponseBody().write(AMBIGUOUS);
            exchange.close();
            return;
        }
        SessionScope scope = sessions.open(key.orElse(null));
        Committing committing = new Committing(exchange, scope, key.orElse(null));
        try {
            chain.doFilter(committing);
        } catch (IOException | RuntimeException | Error failure) {
            committing.abandon(failure);
            throw failure;
        }
        committing.commit();
    }

    /** The exchange as the handler sees it: sending headers commits the session first. */
    private final class Committing extends HttpExchange {
        private final HttpExchange exchange;
        private final SessionScope scope;
        private final SessionKey requestKey;
        private final OutputStream body;
        private boolean committed;
        /** The session ended meanwhile: the client got 409 and the handler's body goes nowhere. */
        private boolean refused;

        Committing(HttpExchange exchange, SessionScope scope, SessionKey requestKey) {
            this.exchange = exchange;
            this.scope = scope;
            this.requestKey = requestKey;
            this.body = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    if (!refused) {
                        exchange.getResponseBody().write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (!refused) {
                        exchange.getResponseBody().write(bytes, offset, length);
                    }
                }

                @Override
                public void flush() throws IOException {
                    if (!refused) {
                        exchange.getResponseBody().flush();
                    }
                }

                @Override
                public void close() throws IOException {
                    exchange.getResponseBody().close();
                }
            };
        }

        /**
         * Commits once, adding {@code Set-Cookie} if the session is stored under a new key or this
         * exchange purged it.
         *
         * @return false if the session ended meanwhile, so the writes were refused
         */
        boolean commit() {
            if (committed) {
                return !refused;
            }
            committed = true;
            try {
                scope.close();
            } catch (SessionStoreException e) {
                if (e.kind() != SessionStoreException.Kind.ENDED) {
                    throw e;
                }
                refused = true;
                return false;
            }
            Optional<SessionKey> key = scope.key();
            if (scope.status() == SessionStatus.PURGED && requestKey != null) {
                exchange.getResponseHeaders().add("Set-Cookie", cookie.removal());
            } else if (key.isPresent() && !key.get().equals(requestKey)) {
                exchange.getResponseHeaders().add("Set-Cookie", cookie.setCookie(key.get()));
            }
            return true;
        }

        /** The handler failed: its changes are not stored. */
        void abandon(Throwable failure) {
            if (committed) {
                return;
            }
            committed = true;
            try {
                scope.discard();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }

        @Override
        public void sendResponseHeaders(int code, long length) throws IOException {
            boolean stored;
            try {
                stored = commit();
            } catch (RuntimeException e) {
                throw new IOException("the session could not be stored, so no response is sent: "
                        + e.getMessage(), e);
            }
            if (stored) {
                exchange.sendResponseHeaders(code, length);
                return;
            }
            Headers headers = exchange.getResponseHeaders();
            headers.clear();
            headers.set("Content-Type", "text/plain; charset=utf-8");
            headers.set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(409, CONFLICT.length);
            exchange.getResponseBody().write(CONFLICT);
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
            return body;
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
        private String cookieName;
        private boolean secure = true;
        private Duration maxAge;

        private Builder(Sessions sessions) {
            this.sessions = Objects.requireNonNull(sessions, "sessions");
        }

        /**
         * The cookie's name, an RFC 6265 token (default {@value SessionCookie#SECURE_NAME}, or
         * {@value SessionCookie#DEFAULT_NAME} without {@code Secure}); checked by {@link #build()}.
         */
        public Builder cookieName(String cookieName) {
            this.cookieName = cookieName;
            return this;
        }

        /** Whether the cookie carries {@code Secure} (default true; turn off only for plain-HTTP development). */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * How long the browser keeps the cookie, positive (checked by {@link #build()}); default,
         * null: until the browser closes. The session itself still ends after its TTL without
         * requests.
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Builds the filter.
         *
         * @throws IllegalArgumentException if the cookie's options are not valid, as {@link
         *     SessionCookie#of} says
         */
        public SessionFilter build() {
            return new SessionFilter(this);
        }
    }
}
