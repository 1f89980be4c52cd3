package dev.weft.test;

import com.hazelcast.config.Config;
import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionStore;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit Jupiter extension for tests of code that uses Weft: it installs the Weft agent in the
 * test JVM, gives each test its own {@link Sessions} over fresh storage, opens a session scope
 * around test methods that ask for one, ends every scope after the test, and lets tests look at
 * what was stored.
 *
 * <pre>{@code
 * @ExtendWith(WeftExtension.class)
 * class CartTest {
 *     private final Cart cart = new Cart();    // has a @SessionScoped field
 *
 *     @Test
 *     @WithSession
 *     void itemsAreAdded() {
 *         cart.add("apple");
 *         assertEquals(List.of("apple"), cart.items());
 *     }
 *
 *     @Test
 *     void eachSessionHasItsOwnCart(Sessions sessions, StoredSessions stored) {
 *         try (SessionScope alice = sessions.open(null)) { cart.add("apple"); }
 *         try (SessionScope bob = sessions.open(null)) { cart.add("pear"); }
 *         assertEquals(2, stored.count());
 *     }
 * }
 * }</pre>
 *
 * <h2>What each test gets</h2>
 * <ul>
 *   <li>The agent: installed into the running JVM before the first test ({@code WeftAgent.install()}),
 *       unless it is already (by {@code -javaagent}) or the extension is built {@link
 *       Builder#withoutAgent() withoutAgent()}. On Java 21 and later the test JVM must be started
 *       with {@code -XX:+EnableDynamicAgentLoading}; without it every test of the class fails with
 *       a message that names the flag and where to put it.
 *   <li>A {@link TestClock} of its own, standing at the current time until the test moves it,
 *       which the store and the sessions decide by (unless {@link Builder#clock} gives another);
 *       on an embedded member, though, Hazelcast expires sessions in real time, whatever the clock
 *       says.
 *   <li>A store over storage of its own: by default a new {@link InMemorySessionStore}; with
 *       {@link Builder#embeddedMember()}, a {@link HazelcastSessionStore} over a map of its own on
 *       one Hazelcast member that the extension starts for the test class (loopback only, a
 *       cluster of its own, no discovery, no phone-home, the session maps configured as in
 *       production) and shuts down after it. The in-memory store finds no sessions by principal,
 *       tells nobody of expiries and counts its size limit differently: see {@link
 *       InMemorySessionStore}.
 *   <li>A {@link Sessions} over that store, with that clock, and the options of {@link Builder#sessions},
 *       closed after the test.
 *   <li>A session scope, if the method or its class is annotated {@link WithSession}, or if a
 *       {@link SessionScope} or {@link Session} parameter asks for one: a scope for a new session,
 *       opened on the test's thread. It is open during the test method; it ends right after the
 *       method returns, before {@code @AfterEach} methods run: committed if the method returned
 *       normally (unless {@code @WithSession(commit = false)}), discarded if it failed. A scope
 *       that a {@code @BeforeEach} method asked for opens there and is the test's scope.
 * </ul>
 *
 * <h2>Threads</h2>
 * JUnit runs a test's callbacks and parameter resolution on one thread, where the test's scope is
 * opened and bound. A test method, {@code @BeforeEach} or {@code @AfterEach} method that JUnit runs
 * on a thread of its own (a {@code @Timeout} in {@code SEPARATE_THREAD} mode, also when set as the
 * default in {@code junit-platform.properties}) runs with the test's open scope carried to that
 * thread ({@link SessionScope#wrap(Runnable)}). Code the test starts on other threads itself must
 * carry the scope itself, as in production.
 *
 * <h2>No scope outlives its test</h2>
 * Before each test, a scope left bound to the thread by earlier code is discarded. After the test
 * method (and after each {@code @BeforeEach} or {@code @AfterEach} method run on a thread of its
 * own), a scope that the test's code opened and left open on the thread is discarded (nothing is
 * stored) and the test fails, naming the leak. A commit of the test's scope that fails (a value
 * over the store's limits, a session ended meanwhile) fails the test.
 *
 * <h2>Parameters</h2>
 * Test, {@code @BeforeEach} and {@code @AfterEach} methods and test constructors may declare:
 * {@link Sessions}, {@link SessionScope} (the test's scope, opened if need be; after the method it
 * is the ended scope, whose {@link SessionScope#key() key()} tells where the state went), {@link
 * Session} (the current session of the test's scope), {@link StoredSessions}, {@link TestClock},
 * {@link InMemorySessionStore} (the test's store itself) and {@link HazelcastSessionStore} (with
 * {@link Builder#embeddedMember()}). {@code sessions.store()} is a view of the store that tells
 * {@link StoredSessions} which keys the test stored under; it is not the store's own class.
 *
 * <p>Register it with {@code @ExtendWith(WeftExtension.class)} for the defaults, or build it:
 * <pre>{@code
 * @RegisterExtension
 * static final WeftExtension weft = WeftExtension.builder()
 *         .embeddedMember()
 *         .sessions(sessions -> sessions.ttl(Duration.ofMinutes(5)))
 *         .build();
 * }</pre>
 * With an embedded member, register it in a {@code static} field, so that the member is started
 * once for the class. Immutable and thread-safe; tests may run in parallel.
 */
public final class WeftExtension implements BeforeAllCallback, BeforeEachCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback, ParameterResolver, InvocationInterceptor {

    private static final Namespace NAMESPACE = Namespace.create(WeftExtension.class);
    private static final AtomicLong MAPS = new AtomicLong();
    private static final List<Class<?>> PARAMETER_TYPES = List.of(Sessions.class, SessionScope.class, Session.class,
            StoredSessions.class, TestClock.class, InMemorySessionStore.class, HazelcastSessionStore.class);

    /** The member's configuration, or null for the in-memory store. */
    private final Consumer<? super Config> memberConfiguration;
    private final Consumer<? super InMemorySessionStore.Builder> inMemoryOptions;
    private final Consumer<? super Sessions.Builder> sessionOptions;
    /** The clock of every test, or null for a new {@link TestClock} per test. */
    private final Clock clock;
    private final boolean withoutAgent;

    /** The extension with the defaults: the agent, an in-memory store and a {@link TestClock} per test. */
    public WeftExtension() {
        this(new Builder());
    }

    private WeftExtension(Builder builder) {
        this.memberConfiguration = builder.memberConfiguration;
        this.inMemoryOptions = builder.inMemoryOptions;
        this.sessionOptions = builder.sessionOptions;
        this.clock = builder.clock;
        this.withoutAgent = builder.withoutAgent;
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ----

    /** Installs the agent and, with {@link Builder#embeddedMember()}, starts the class's member. */
    @Override
    public void beforeAll(ExtensionContext context) {
        installAgent();
        if (memberConfiguration != null) {
            member(context);
        }
    }

    /**
     * Discards a scope left on this thread by earlier code (unless the test's constructor asked
     * for the test's scope), and prepares the test's sessions.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        TestSessions made = context.getStore(NAMESPACE).get(TestSessions.class, TestSessions.class);
        if (made == null || made.openScope() == null) {
            SessionScope.discardAbandoned();
        }
        test(context);
    }

    /** Opens the test's scope if the method or its class is annotated {@link WithSession}. */
    @Override
    public void beforeTestExecution(ExtensionContext context) {
        if (withSession(context).isPresent()) {
            test(context).scope();
        }
    }

    /**
     * Ends the test's scope (committed if the method returned normally, unless its {@link
     * WithSession#commit()} is false; else discarded), then discards any scope the test left open
     * on this thread and fails the test for it.
     */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        TestSessions test = context.getStore(NAMESPACE).get(TestSessions.class, TestSessions.class);
        boolean commit = context.getExecutionException().isEmpty()
                && withSession(context).map(WithSession::commit).orElse(true);
        RuntimeException failure = null;
        try {
            if (test != null) {
                test.endScope(commit);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        if (SessionScope.discardAbandoned()) {
            AssertionError leak = leftOpen();
            if (failure == null) {
                throw leak;
            }
            failure.addSuppressed(leak);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Runs the test method with the test's scope bound, if JUnit runs it on a thread of its own
     * (a {@code @Timeout} in {@code SEPARATE_THREAD} mode, also as a default); a scope the method
     * leaves open there is discarded and fails the test.
     */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        proceedWithScope(invocation, context);
    }

    /** As {@link #interceptTestMethod}, for each invocation of a test template (parameterized, repeated). */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceedWithScope(invocation, context);
    }

    /** As {@link #interceptTestMethod}, for a {@code @BeforeEach} method. */
    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceedWithScope(invocation, context);
    }

    /** As {@link #interceptTestMethod}, for an {@code @AfterEach} method. */
    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceedWithScope(invocation, context);
    }

    /**
     * Runs an invocation of the test's code. On the thread the test's lifecycle runs on (where the
     * test's scope is bound), it just runs; on a thread of its own, it runs with the test's open
     * scope carried to that thread, and no scope may stay bound to the thread afterwards.
     */
    private static void proceedWithScope(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        TestSessions test = context.getStore(NAMESPACE).get(TestSessions.class, TestSessions.class);
        if (test == null || test.isLifecycleThread()) {
            invocation.proceed();
            return;
        }
        SessionScope carried = test.openScope();
        Throwable failure = null;
        try {
            if (carried == null) {
                invocation.proceed();
            } else {
                Throwable[] thrown = new Throwable[1];
                carried.wrap(() -> {
                    try {
                        invocation.proceed();
                    } catch (Throwable t) {
                        thrown[0] = t;
                    }
                }).run();
                failure = thrown[0];
            }
        } catch (Throwable t) {
            failure = t;
        }
        if (SessionScope.discardAbandoned()) {
            AssertionError leak = leftOpen();
            if (failure == null) {
                failure = leak;
            } else {
                failure.addSuppressed(leak);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static AssertionError leftOpen() {
        return new AssertionError("the test left a session scope open on its thread; it was discarded, storing"
                + " nothing. Close each scope it opens (try-with-resources)");
    }

    // ---- parameters ----

    /** Constructor parameters are resolved per test, so that a test constructor may ask for them too. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return PARAMETER_TYPES.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("WeftExtension makes " + type.getSimpleName() + " per test: ask for"
                    + " it in a test method, a @BeforeEach or @AfterEach method, or the test constructor");
        }
        TestSessions test = test(extensionContext);
        if (type == Sessions.class) {
            return test.sessions;
        }
        if (type == SessionScope.class) {
            return test.scope();
        }
        if (type == Session.class) {
            if (test.hasEnded()) {
                throw new ParameterResolutionException("the test's session scope has ended: a Session is there only"
                        + " while it is open (ask for the SessionScope to see where the state went)");
            }
            test.scope();
            return Session.current();
        }
        if (type == StoredSessions.class) {
            return test.stored;
        }
        if (type == TestClock.class) {
            if (test.clock instanceof TestClock testClock) {
                return testClock;
            }
            throw new ParameterResolutionException("this WeftExtension was built with clock(" + test.clock
                    + "), not a TestClock");
        }
        SessionStore store = test.recording.store();
        if (type.isInstance(store)) {
            return store;
        }
        throw new ParameterResolutionException("the test's store is " + store + ", not a " + type.getSimpleName()
                + (type == HazelcastSessionStore.class ? ": build the extension with embeddedMember()"
                        : ": the extension was built with embeddedMember()"));
    }

    // ---- per class and per test ----

    private void installAgent() {
        if (!withoutAgent) {
            AgentInstallation.ensureInstalled();
        }
    }

    /** The class's member, started on first use and shut down after the (outermost) test class. */
    private EmbeddedMember member(ExtensionContext context) {
        ExtensionContext outermost = context;
        while (outermost.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            outermost = outermost.getParent().orElseThrow();
        }
        return outermost.getStore(NAMESPACE).computeIfAbsent(EmbeddedMember.class,
                type -> EmbeddedMember.start(memberConfiguration), EmbeddedMember.class);
    }

    /** The test's sessions, made on first use and closed with the test's context. */
    private TestSessions test(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(TestSessions.class, type -> newTest(context),
                TestSessions.class);
    }

    private TestSessions newTest(ExtensionContext context) {
        installAgent();
        Clock testClock = clock != null ? clock : new TestClock();
        SessionStore store;
        Runnable cleanUp;
        if (memberConfiguration != null) {
            EmbeddedMember member = member(context);
            String mapName = EmbeddedMember.sessionMapName(MAPS.incrementAndGet());
            store = HazelcastSessionStore.builder(member.hazelcast()).mapName(mapName).clock(testClock).build();
            cleanUp = () -> {
                member.hazelcast().getMap(mapName).destroy();
                member.hazelcast().getMap(mapName + ".expired").destroy(); // where expiries told are recorded
            };
        } else {
            InMemorySessionStore.Builder builder = InMemorySessionStore.builder();
            inMemoryOptions.accept(builder);
            store = builder.clock(testClock).build();
            cleanUp = () -> { };
        }
        KeyRecordingStore recording = new KeyRecordingStore(store);
        Sessions.Builder sessions = Sessions.builder();
        sessionOptions.accept(sessions);
        sessions.store(recording).clock(testClock);
        if (withoutAgent) {
            sessions.withoutAgent();
        }
        return new TestSessions(sessions.build(), recording, testClock, cleanUp);
    }

    /** The {@link WithSession} on the test method, else on its class or an enclosing class. */
    private static Optional<WithSession> withSession(ExtensionContext context) {
        Optional<WithSession> onMethod = context.getTestMethod()
                .flatMap(method -> AnnotationSupport.findAnnotation(method, WithSession.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Class<?> type = context.getTestClass().orElse(null); type != null;
                type = type.isMemberClass() && !Modifier.isStatic(type.getModifiers()) ? type.getEnclosingClass() : null) {
            Optional<WithSession> onClass = AnnotationSupport.findAnnotation(type, WithSession.class);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "WeftExtension[" + (memberConfiguration != null ? "embedded member" : "in-memory store")
                + (withoutAgent ? ", without agent" : "") + "]";
    }

    /** One test's sessions and scope; closed by JUnit with the test's context. */
    private static final class TestSessions implements AutoCloseable {
        final Sessions sessions;
        final KeyRecordingStore recording;
        final StoredSessions stored;
        final Clock clock;
        private final Runnable cleanUp;
        /** The thread JUnit runs the test's callbacks and parameter resolution on; scopes open there. */
        private final Thread lifecycleThread = Thread.currentThread();
        private SessionScope scope;
        private boolean ended;

        TestSessions(Sessions sessions, KeyRecordingStore recording, Clock clock, Runnable cleanUp) {
            this.sessions = sessions;
            this.recording = recording;
            this.stored = new StoredSessions(recording);
            this.clock = clock;
            this.cleanUp = cleanUp;
        }

        /** The test's scope, opened on this thread if it is not yet. */
        synchronized SessionScope scope() {
            if (scope == null) {
                scope = sessions.open(null);
            }
            return scope;
        }

        synchronized boolean hasEnded() {
            return ended;
        }

        boolean isLifecycleThread() {
            return Thread.currentThread() == lifecycleThread;
        }

        /** The test's scope if it is open, else null. */
        synchronized SessionScope openScope() {
            return ended ? null : scope;
        }

        /** Commits or discards the scope, if there is one (a scope the test closed stays as it is). */
        synchronized void endScope(boolean commit) {
            if (scope == null || ended) {
                return;
            }
            ended = true;
            if (commit) {
                scope.close();
            } else {
                scope.discard();
            }
        }

        /**
         * Discards what is left open, closes the sessions (which stops their expiry subscription;
         * their store is the recording view, not closeable, so the class's member stays up), and
         * removes the test's storage.
         */
        @Override
        public void close() {
            try {
                synchronized (this) {
                    if (scope != null) {
                        scope.discard(); // a scope opened after the method (by an @AfterEach parameter)
                    }
                }
                SessionScope.discardAbandoned();
            } finally {
                try {
                    sessions.close();
                } finally {
                    cleanUp.run();
                }
            }
        }
    }

    /** Options for a {@link WeftExtension}. Not thread-safe; build once. */
    public static final class Builder {
        private Consumer<? super Config> memberConfiguration;
        private Consumer<? super InMemorySessionStore.Builder> inMemoryOptions = options -> { };
        private Consumer<? super Sessions.Builder> sessionOptions = options -> { };
        private Clock clock;
        private boolean withoutAgent;

        private Builder() {
        }

        /**
         * Each test's store is a {@link HazelcastSessionStore} over a map of its own (destroyed after
         * the test) on one Hazelcast member started for the test class: a cluster of its own
         * random name, loopback only, the first free port from 5701, no multicast, TCP-IP or
         * auto-detection join, no phone-home, and Hazelcast's logs off unless the JVM sets {@code
         * hazelcast.logging.type}. The session maps are configured as {@link
         * HazelcastSessionStore#startMember()} configures production's, so that {@code
         * Sessions.byPrincipal} and {@code Sessions.invalidate} work. Hazelcast's own expiry, of
         * sessions and of ended keys' tombstones, runs in real time, not by the test's clock
         * (expiry listeners are told in real time too); deadlines and the times stamped on
         * sessions follow the clock.
         *
         * @return this builder
         */
        public Builder embeddedMember() {
            return embeddedMember(config -> { });
        }

        /**
         * As {@link #embeddedMember()}, with changes to the member's configuration, made after the
         * defaults are set, for example other ports:
         * {@code embeddedMember(config -> config.getNetworkConfig().setPort(5761).setPortCount(9))}.
         *
         * @param configuration changes to the member's configuration
         * @return this builder
         */
        public Builder embeddedMember(Consumer<? super Config> configuration) {
            this.memberConfiguration = Objects.requireNonNull(configuration, "configuration");
            return this;
        }

        /**
         * Each test's store is a new {@link InMemorySessionStore} (the default), with these options
         * (limits, tombstone grace); its clock is the test's. Replaces {@link #embeddedMember()}.
         *
         * @param options changes to the store's builder
         * @return this builder
         */
        public Builder inMemoryStore(Consumer<? super InMemorySessionStore.Builder> options) {
            this.inMemoryOptions = Objects.requireNonNull(options, "options");
            this.memberConfiguration = null;
            return this;
        }

        /**
         * Options for each test's {@link Sessions} (TTL, TTL extension policy, maximum lifetime,
         * JSON mapper). The store and the clock are the extension's: they are set after these.
         *
         * @param options changes to the sessions' builder
         * @return this builder
         */
        public Builder sessions(Consumer<? super Sessions.Builder> options) {
            this.sessionOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The clock every test's store and sessions decide by, instead of a new {@link TestClock}
         * per test; a {@link TestClock} parameter then resolves only if this is one.
         *
         * @param clock the clock, for example {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Says that the tests use only the {@link Session} API and no {@code @SessionScoped} field:
         * the agent is not installed, and the sessions are built {@code withoutAgent()}.
         *
         * @return this builder
         */
        public Builder withoutAgent() {
            this.withoutAgent = true;
            return this;
        }

        /**
         * Builds the extension.
         *
         * @return the extension, to register with {@code @RegisterExtension}
         */
        public WeftExtension build() {
            return new WeftExtension(this);
        }
    }
}
