package dev.weft.servlet;

import dev.weft.session.AmbiguousSessionException;
import dev.weft.http.SessionCookie;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives every request of a servlet application its Weft session: the {@code @SessionScoped}
 * fields and the {@link dev.weft.session.Session} API work in the request's code, and {@link
 * HttpServletRequest#getSession()} returns an {@link jakarta.servlet.http.HttpSession} whose
 * attributes live in the same session. Weft owns the sessions: the container's own session
 * manager is never asked, and its session settings (timeout, cookie configuration, tracking
 * modes) have no effect on Weft's sessions.
 *
 * <pre>{@code
 * Sessions sessions = Sessions.builder().store(new HazelcastSessionStore(hazelcast)).build();
 * SessionFilter filter = SessionFilter.builder(sessions).allowPackages("com.acme.shop").build();
 * SessionFilter.register(servletContext, filter);   // all five dispatcher types, async supported
 * }</pre>
 *
 * <h2>Registration</h2>
 * Map the filter to {@code /*} for every {@link DispatcherType} (REQUEST, FORWARD, INCLUDE, ERROR
 * and ASYNC) with async support, before other filters that use the session: {@link
 * #register(ServletContext, SessionFilter)} does this from a {@code ServletContainerInitializer}
 * or a {@code ServletContextListener} declared in {@code web.xml}. In {@code web.xml} itself,
 * declare this class with its no-argument constructor: it then finds its {@link Sessions} in the
 * {@code ServletContext} attribute {@value #SESSIONS_ATTRIBUTE} (which the application sets, from
 * a listener, before filters start) and reads its options from init parameters ({@value
 * #COOKIE_NAME_PARAMETER}, {@value #SECURE_PARAMETER}, {@value #MAX_AGE_PARAMETER}, {@value
 * #HEADER_PARAMETER}, {@value #ALLOW_PACKAGES_PARAMETER}, {@value #SESSIONS_ATTRIBUTE_PARAMETER}).
 *
 * <h2>The key's transport</h2>
 * By default a cookie, the {@link SessionCookie} the runtime's {@code dev.weft.http.SessionFilter}
 * sets too: {@value SessionCookie#SECURE_NAME} ({@code Secure}) or, with {@code Secure} off,
 * {@value SessionCookie#DEFAULT_NAME}; {@code HttpOnly; SameSite=Lax; Path=/}. For APIs, a request header instead ({@link
 * Builder#header(String)}), and the same header on the response that creates or renews a session
 * (empty on the one that ends it). A missing, malformed or unknown key starts a new session. Of
 * several keys, those naming no live session are passed over; if several name live sessions the
 * request is answered {@code 400} with no session ({@link Sessions#choose}). The client is sent a
 * key only when the session was stored under a new one (created, renewed, or an unknown key
 * replaced), and a removal only by the request that ended its session.
 *
 * <h2>When the session is stored</h2>
 * One scope per request, across all its dispatches, committed before the response commits so
 * that the key can still reach the client and the state is stored before the client can send its
 * next request: before {@code flushBuffer}, {@code sendError}, {@code sendRedirect} (all four
 * forms), the writer's or stream's {@code flush} and {@code close}, the write that reaches a
 * declared content length ({@code setContentLength}, {@code setContentLengthLong} or a {@code
 * Content-Length} header; counted in bytes) or fills the buffer, before any one write of a quarter
 * of the buffer or more, and otherwise when the request ends. A FORWARD's end commits too (Tomcat
 * 11 closes no wrapper after a forward), and an INCLUDE commits first if the session changed
 * (headers set during an include are dropped). Work done on
 * the session after the commit is stored when the request ends; it can no longer change the key,
 * so {@code getSession(true)} with no session, and {@code changeSessionId()}, then throw {@link
 * IllegalStateException}.
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>If the store refuses the request's writes because another request ended or renewed the
 *       session while it ran, the client gets {@code 409 Conflict} instead of the handler's
 *       response: its headers are dropped, its further output goes nowhere, and no key is sent.
 *       The commit comes before the response commits, so this is always possible, except for work
 *       done after the response committed, which is then only logged. Another store failure
 *       answers {@code 500} the same way, and is logged (never with a key or a value).
 *   <li>If the request's code throws, its session changes are discarded and the exception
 *       propagates unchanged.
 *   <li>A scope still bound to the container's thread when a request starts (left open by
 *       earlier work that never closed it) is discarded with a warning.
 * </ul>
 *
 * <h2>Threads and async</h2>
 * After {@code startAsync()} the session stays open until the async cycle ends: {@code
 * AsyncContext.complete()} and {@code dispatch(..)} commit first, and so does the end of an ASYNC
 * dispatch that starts no new cycle. Work given to {@code AsyncContext.start} runs with the
 * request's session; work given to another executor must be wrapped with {@link
 * #wrap(ServletRequest, Runnable)}. Run such work before the request ends, and not at the same
 * time as other work on the session.
 */
public final class SessionFilter implements Filter {

    /** The {@code ServletContext} attribute a filter made with the no-argument constructor finds its {@link Sessions} in. */
    public static final String SESSIONS_ATTRIBUTE = "dev.weft.session.Sessions";
    /** The name {@link #register} gives the filter. */
    public static final String FILTER_NAME = "weft-session";
    /**
     * What an {@code HttpSession} attribute's state key starts with: attribute {@code cart} is the
     * session's entry {@code attribute:cart}. {@code @SessionScoped} fields and the {@link
     * dev.weft.session.Session} API keep their own keys, which are not attributes.
     */
    public static final String ATTRIBUTE_KEY_PREFIX = "attribute:";

    /** Init parameter: the {@code ServletContext} attribute holding the {@link Sessions} (default {@value #SESSIONS_ATTRIBUTE}). */
    public static final String SESSIONS_ATTRIBUTE_PARAMETER = "sessions-attribute";
    /** Init parameter: the cookie's name ({@link Builder#cookieName}). */
    public static final String COOKIE_NAME_PARAMETER = "cookie-name";
    /** Init parameter: {@code true} or {@code false} ({@link Builder#secure}). */
    public static final String SECURE_PARAMETER = "secure";
    /** Init parameter: the cookie's max age in seconds ({@link Builder#maxAge}). */
    public static final String MAX_AGE_PARAMETER = "max-age";
    /** Init parameter: the header that carries keys instead of a cookie ({@link Builder#header}). */
    public static final String HEADER_PARAMETER = "header";
    /** Init parameter: packages whose classes attributes may hold, separated by commas ({@link Builder#allowPackages}). */
    public static final String ALLOW_PACKAGES_PARAMETER = "allow-packages";

    private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
    private static final byte[] AMBIGUOUS = "The request carries several live session keys; drop the stale ones.\n"
            .getBytes(StandardCharsets.UTF_8);
    /** Attribute names whose stored values did not decode, warned about once each. */
    private static final Set<String> UNDECODABLE = ConcurrentHashMap.newKeySet();

    /** What the filter works with, set when it is built or, from web.xml, in {@link #init}. */
    private record Settings(Sessions sessions, Transport transport, AttributeCodec codec) {
    }

    private volatile Settings settings;

    /**
     * For {@code web.xml} and containers that instantiate filters: the filter finds its {@link
     * Sessions} and options in {@link #init}. Programs build it with {@link #builder} instead.
     */
    public SessionFilter() {
    }

    private SessionFilter(Builder builder) {
        this.settings = builder.settings();
    }

    /**
     * Starts a builder for a filter over {@code sessions}.
     *
     * @param sessions where the filter's sessions live
     * @return a builder with the defaults: cookie {@value SessionCookie#SECURE_NAME}, {@code Secure}, no
     *     max age, attributes of the JDK's value and collection types only
     */
    public static Builder builder(Sessions sessions) {
        return new Builder(sessions);
    }

    /**
     * Registers {@code filter} in {@code context} under the name {@value #FILTER_NAME}, with async
     * support, for {@code /*} and every dispatcher type, before the filters {@code web.xml}
     * declares. Call it where filters may be added: a {@code ServletContainerInitializer}'s {@code
     * onStartup} or a {@code ServletContextListener} declared in {@code web.xml}.
     *
     * @param context the application's context
     * @param filter the filter
     * @return the registration, for more mappings
     * @throws IllegalStateException if the context already has a filter of that name, or is
     *     already initialized
     */
    public static FilterRegistration.Dynamic register(ServletContext context, SessionFilter filter) {
        Objects.requireNonNull(filter, "filter");
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, filter);
        if (registration == null) {
            throw new IllegalStateException("the context already has a filter named " + FILTER_NAME);
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        return registration;
    }

    /**
     * Returns a task that runs {@code task} with {@code request}'s session, on whatever thread
     * runs it (an executor's, say). {@code AsyncContext.start} does this itself. Run it before the
     * request ends, and not at the same time as other work on the session; if it throws, the
     * session's changes since the last commit are discarded.
     *
     * @param request a request this filter has seen (or a wrapper of one)
     * @param task the work
     * @return the task with the session
     * @throws IllegalStateException if no {@code SessionFilter} handled {@code request}
     */
    public static Runnable wrap(ServletRequest request, Runnable task) {
        Objects.requireNonNull(task, "task");
        RequestSession session = requestSession(request);
        return () -> Regions.runTask(session, task);
    }

    /**
     * As {@link #wrap(ServletRequest, Runnable)}, for a task with a result.
     *
     * @param <V> the result's type
     * @param request a request this filter has seen (or a wrapper of one)
     * @param task the work
     * @return the task with the session
     * @throws IllegalStateException if no {@code SessionFilter} handled {@code request}
     */
    public static <V> Callable<V> wrap(ServletRequest request, Callable<V> task) {
        Objects.requireNonNull(task, "task");
        RequestSession session = requestSession(request);
        return () -> Regions.callTask(session, task);
    }

    private static RequestSession requestSession(ServletRequest request) {
        Object found = request.getAttribute(RequestSession.ATTRIBUTE);
        if (!(found instanceof RequestSession session)) {
            throw new IllegalStateException("no Weft SessionFilter handled this request; register it for /* and"
                    + " every dispatcher type");
        }
        return session;
    }

    /**
     * Finds the {@link Sessions} and reads the init parameters, for a filter made with the
     * no-argument constructor; a filter made by a builder keeps what it was built with.
     *
     * @throws ServletException if the {@code ServletContext} attribute holds no {@link Sessions},
     *     or a parameter is invalid
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (settings != null) {
            return;
        }
        String attribute = parameter(config, SESSIONS_ATTRIBUTE_PARAMETER);
        attribute = attribute == null ? SESSIONS_ATTRIBUTE : attribute;
        Object found = config.getServletContext().getAttribute(attribute);
        if (!(found instanceof Sessions sessions)) {
            throw new ServletException("the Weft SessionFilter needs the application's Sessions in the ServletContext"
                    + " attribute '" + attribute + "' before filters start (set it from a ServletContextListener), or"
                    + " build the filter with SessionFilter.builder(sessions)");
        }
        try {
            Builder builder = builder(sessions);
            String cookieName = parameter(config, COOKIE_NAME_PARAMETER);
            if (cookieName != null) {
                builder.cookieName(cookieName);
            }
            String secure = parameter(config, SECURE_PARAMETER);
            if (secure != null) {
                if (!secure.equalsIgnoreCase("true") && !secure.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException(SECURE_PARAMETER + " must be true or false");
                }
                builder.secure(Boolean.parseBoolean(secure));
            }
            String maxAge = parameter(config, MAX_AGE_PARAMETER);
            if (maxAge != null) {
                builder.maxAge(Duration.ofSeconds(Long.parseLong(maxAge)));
            }
            String header = parameter(config, HEADER_PARAMETER);
            if (header != null) {
                builder.header(header);
            }
            String packages = parameter(config, ALLOW_PACKAGES_PARAMETER);
            if (packages != null) {
                builder.allowPackages(packages.split("[,\\s]+"));
            }
            settings = builder.settings();
        } catch (IllegalArgumentException e) {
            throw new ServletException("invalid init parameter of the Weft SessionFilter: " + e.getMessage(), e);
        }
    }

    private static String parameter(FilterConfig config, String name) {
        String value = config.getInitParameter(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * Runs the request with its session; see the class comment.
     *
     * @throws ServletException as the chain throws it, unchanged
     * @throws IOException as the chain throws it, unchanged
     * @throws IllegalStateException if the filter was made with the no-argument constructor and
     *     not initialized
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        // Another application's copy of this class (a cross-context dispatch) is not this request's session.
        if (!(request.getAttribute(RequestSession.ATTRIBUTE) instanceof RequestSession session)) {
            first(httpRequest, httpResponse, chain);
            return;
        }
        HttpServletResponse wrappedResponse = ours(httpResponse, session)
                ? httpResponse : new SessionResponse(httpResponse, session);
        HttpServletRequest wrappedRequest = ours(httpRequest, session)
                ? httpRequest : new SessionRequest(httpRequest, session, wrappedResponse);
        DispatcherType type = request.getDispatcherType();
        switch (type) {
            case INCLUDE -> {
                session.beforeInclude();
                session.including(true);
                try {
                    Regions.run(session, () -> chain.doFilter(wrappedRequest, wrappedResponse));
                } finally {
                    session.including(false);
                }
            }
            case FORWARD -> {
                int starts = session.asyncStarts();
                Regions.run(session, () -> chain.doFilter(wrappedRequest, wrappedResponse));
                if (session.asyncStarts() == starts) {
                    session.commit(RequestSession.Commit.RESPONSE); // before the container closes the response
                }
            }
            case ERROR, ASYNC -> {
                if (!Regions.in(session)) {
                    discardAbandoned(); // a container thread the request has not been running on
                }
                if (type == DispatcherType.ERROR && !ours(httpResponse, session)) {
                    session.errorDispatch(httpResponse);
                }
                last(session, () -> chain.doFilter(wrappedRequest, wrappedResponse));
            }
            default -> chain.doFilter(request, response); // a second REQUEST pass over one request: already done
        }
    }

    /** The request's first dispatch through this filter: chooses the session and opens it. */
    private void first(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Settings current = settings();
        discardAbandoned();
        List<SessionKey> keys = current.transport().keys(request);
        Optional<SessionKey> chosen;
        try {
            chosen = current.sessions().choose(keys);
        } catch (AmbiguousSessionException e) {
            response.setStatus(400);
            response.setContentType("text/plain;charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(AMBIGUOUS.length);
            response.getOutputStream().write(AMBIGUOUS);
            return;
        }
        SessionKey requestKey = chosen.orElse(null);
        SessionKey requested = requestKey != null ? requestKey : keys.isEmpty() ? null : keys.get(0);
        RequestSession session = new RequestSession(this, request.getServletContext(), response, requestKey,
                requested);
        request.setAttribute(RequestSession.ATTRIBUTE, session);
        SessionResponse wrappedResponse = new SessionResponse(response, session);
        SessionRequest wrappedRequest = new SessionRequest(request, session, wrappedResponse);
        last(session, () -> chain.doFilter(wrappedRequest, wrappedResponse));
    }

    /**
     * Where a container thread starts work for a request: ends a scope that earlier work left open
     * on it, unstored, with a warning, so that the request's session can be bound here.
     */
    static void discardAbandoned() {
        if (SessionScope.discardAbandoned()) {
            LOG.log(System.Logger.Level.WARNING, "a session scope was still open on this container thread when a"
                    + " request's work started there (earlier work never closed it); it was discarded, unstored");
        }
    }

    /**
     * A dispatch after which the request ends unless it started an async cycle: runs it, commits
     * at its end, and discards the session's changes if it threw.
     */
    private static void last(RequestSession session, RequestSession.Work work) throws IOException, ServletException {
        int starts = session.asyncStarts();
        try {
            Regions.run(session, work);
        } catch (Throwable e) { // also a checked exception thrown undeclared (Kotlin, @SneakyThrows)
            session.failed(e);
            throw e;
        }
        if (session.asyncStarts() == starts) {
            session.commit(RequestSession.Commit.END);
        }
    }

    /** Whether {@code request} is, or wraps, this request's own wrapper. */
    private static boolean ours(ServletRequest request, RequestSession session) {
        for (ServletRequest r = request; r != null; ) {
            if (r instanceof SessionRequest wrapper && wrapper.session() == session) {
                return true;
            }
            r = r instanceof ServletRequestWrapper wrapper ? wrapper.getRequest() : null;
        }
        return false;
    }

    /** Whether {@code response} is, or wraps, one of this request's own wrappers. */
    private static boolean ours(ServletResponse response, RequestSession session) {
        for (ServletResponse r = response; r != null; ) {
            if (r instanceof SessionResponse wrapper && wrapper.session() == session) {
                return true;
            }
            r = r instanceof ServletResponseWrapper wrapper ? wrapper.getResponse() : null;
        }
        return false;
    }

    /** Does nothing: the {@link Sessions} belong to the application, which closes them. */
    @Override
    public void destroy() {
    }

    /** Describes the filter (its transport), never a key. */
    @Override
    public String toString() {
        Settings current = settings;
        if (current == null) {
            return "Weft SessionFilter (not initialized)";
        }
        return "Weft SessionFilter (" + (current.transport() instanceof Transport.CookieTransport cookie
                ? "cookie " + cookie.name() : "header") + ")";
    }

    // ---- for the request's session ----

    private Settings settings() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("the Weft SessionFilter was made with its no-argument constructor and not"
                    + " initialized; let the container call init(..), or use SessionFilter.builder(sessions)");
        }
        return current;
    }

    Sessions sessions() {
        return settings().sessions();
    }

    Transport transport() {
        return settings().transport();
    }

    AttributeCodec codec() {
        return settings().codec();
    }

    /** A stored attribute value did not decode: warned about once per name. */
    void undecodable(String name, IllegalArgumentException problem) {
        if (UNDECODABLE.size() < 1000 && UNDECODABLE.add(name)) {
            LOG.log(System.Logger.Level.WARNING, problem.getMessage() + "; getAttribute returns null for it (warned once"
                    + " per attribute name)");
        }
    }

    /** Options for a {@link SessionFilter}. */
    public static final class Builder {
        /** Packages {@link #allowPackages} refuses, with everything within them. */
        private static final List<String> PLATFORM_PACKAGES = List.of("java", "javax", "sun", "jdk", "com.sun",
                "jakarta", "tools.jackson", "com.fasterxml");

        private final Sessions sessions;
        private String cookieName;
        private boolean secure = true;
        private Duration maxAge;
        private String header;
        private final List<String> packages = new ArrayList<>();
        private JsonMapper mapper = JsonMapper.builder().build();

        private Builder(Sessions sessions) {
            this.sessions = Objects.requireNonNull(sessions, "sessions");
        }

        /**
         * The cookie's name, an RFC 6265 token (default {@value SessionCookie#SECURE_NAME}, or
         * {@value SessionCookie#DEFAULT_NAME} without {@code Secure}); checked by {@link #build()}.
         *
         * @param cookieName the name
         * @return this builder
         */
        public Builder cookieName(String cookieName) {
            this.cookieName = cookieName;
            return this;
        }

        /**
         * Whether the cookie carries {@code Secure} (default true; turn it off only for plain-HTTP
         * development).
         *
         * @param secure whether to mark the cookie {@code Secure}
         * @return this builder
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * How long the browser keeps the cookie, positive (checked by {@link #build()}); default,
         * null: until the browser closes. The session itself still ends after its idle timeout.
         *
         * @param maxAge positive, or null for the default
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Carries keys in this request header instead of a cookie, for APIs ({@code X-Session-Key},
         * say): a response that creates or renews the session carries the new key in the same
         * header, and one that ends it an empty header. The cookie options then do not apply.
         *
         * @param name the header's name (an RFC 7230 token)
         * @return this builder
         * @throws IllegalArgumentException if empty or not a valid header name
         */
        public Builder header(String name) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("header name must be a non-empty token, was '" + name + "'");
            }
            this.header = name;
            return this;
        }

        /**
         * Packages whose classes (and their subpackages' classes) session attributes may hold, in
         * addition to the JDK's value types and collections: a stored attribute names its types,
         * and nothing outside this allow-list is ever decoded. {@code setAttribute} with anything
         * else throws {@link IllegalArgumentException}.
         *
         * @param packageNames package names of at least two parts, such as {@code com.acme.shop}
         * @return this builder
         * @throws IllegalArgumentException naming the package if a name is not a Java package name,
         *     has one part only ({@code com}), or is or lies within {@code java}, {@code javax},
         *     {@code sun}, {@code jdk}, {@code com.sun}, {@code jakarta}, {@code tools.jackson} or
         *     {@code com.fasterxml}
         */
        public Builder allowPackages(String... packageNames) {
            for (String name : packageNames) {
                if (name == null || !name.matches("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                        + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*")) {
                    throw new IllegalArgumentException("not a package name: '" + name + "'");
                }
                for (String root : PLATFORM_PACKAGES) {
                    if (name.equals(root) || name.startsWith(root + ".")) {
                        throw new IllegalArgumentException("package '" + name + "' cannot be allowed: it lies within "
                                + root + ", the platform's or a library's own, whose classes must never be made from"
                                + " session data (the JDK's value types and collections are allowed already)");
                    }
                }
                if (name.indexOf('.') < 0) {
                    throw new IllegalArgumentException("package '" + name + "' is too broad to allow: name one of at"
                            + " least two parts, such as com.acme");
                }
                packages.add(name);
            }
            return this;
        }

        /**
         * The Jackson mapper whose settings (modules, features) attribute values are encoded with;
         * Weft adds type ids and the allow-list to a copy of it. Default: {@code
         * JsonMapper.builder().build()}. Every member must use one that reads what the others write.
         *
         * @param mapper the mapper
         * @return this builder
         */
        public Builder jsonMapper(JsonMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter
         * @throws IllegalArgumentException if the cookie's options are not valid, as {@link
         *     SessionCookie#of} says
         */
        public SessionFilter build() {
            return new SessionFilter(this);
        }

        private Settings settings() {
            SessionCookie cookie = SessionCookie.of(cookieName, secure, maxAge); // checked even with a header
            Transport transport = header != null ? new Transport.HeaderTransport(header)
                    : new Transport.CookieTransport(cookie);
            return new Settings(sessions, transport, new AttributeCodec(mapper, List.copyOf(packages)));
        }

        private static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
