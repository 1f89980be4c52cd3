package dev.weft.session;

import dev.weft.session.internal.InstrumentedStore;
import dev.weft.session.internal.Lifecycle;
import dev.weft.session.internal.MicrometerTelemetry;
import dev.weft.session.internal.SessionContext;
import dev.weft.session.internal.Telemetry;
import dev.weft.session.internal.ValueCodec;
import dev.weft.store.ExpiryListener;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.StoreArguments;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entry point: a store, a TTL and a TTL policy, from which scopes are opened. Build one per
 * application and share it; it is immutable and thread-safe. Closing it closes the store if the
 * store is {@link AutoCloseable} (the Hazelcast store that {@code HazelcastSessionStore.startMember()}
 * made shuts its member down).
 *
 * <pre>{@code
 * Sessions sessions = Sessions.builder()
 *         .store(new HazelcastSessionStore(hazelcast))
 *         .ttl(Duration.ofMinutes(30))
 *         .ttlExtension(TtlExtensionPolicy.ON_EVERY_REQUEST)
 *         .build();
 * try (SessionScope scope = sessions.open(keyOrNull)) {
 *     cart.add("apple");
 * }
 * }</pre>
 *
 * <h2>The rules of a session's values</h2>
 * <ul>
 *   <li>The Weft agent must be installed ({@code -javaagent:weft-agent.jar} or {@code
 *       WeftAgent.install()}): without it a {@code @SessionScoped} field is one plain field that
 *       every session shares, so {@link Builder#build()} refuses, unless the program says it uses
 *       only the {@link Session} API ({@link Builder#withoutAgent()}).
 *   <li>A read never writes: a request that only reads stores nothing but the TTL extension,
 *       whatever its values decode and encode to. A value changed in place is found by comparing
 *       it with what it was when read, both as this JVM encodes them.
 *   <li>An assignment, {@link Session#insert} and {@link Session#remove} always write, even if the
 *       value stays what was loaded: another request may have changed it meanwhile.
 *   <li>A stored value that no longer decodes into its field's type reads as the field's default;
 *       a warning names the field and type, once per field; the stored value stays until the field
 *       is written. Through {@link Session#get} it is a {@link SessionValueException}. No message
 *       contains a value or a key.
 *   <li>A session purged or renewed by another request while this one was under way refuses this
 *       one's writes: {@link SessionScope#close()} throws an {@link dev.weft.store.UpdateException}
 *       of kind {@code ENDED}, and nothing is stored.
 * </ul>
 */
public final class Sessions implements AutoCloseable {

    /** The TTL unless another is set: 30 minutes. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

    /** The system property the Weft agent sets to its version when it is installed. */
    public static final String AGENT_PROPERTY = "weft.agent.version";

    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());

    private final SessionStore store;
    private final SessionContext.Settings settings;
    private final List<SessionListener> listeners;
    private final Executor listenerExecutor;
    private final Telemetry telemetry;
    private final AutoCloseable expirySubscription;

    private Sessions(Builder builder) {
        this.store = builder.store;
        this.listeners = List.copyOf(builder.listeners);
        this.listenerExecutor = builder.listenerExecutor;
        this.telemetry = builder.meterRegistry == null ? Telemetry.NONE
                : MicrometerTelemetry.of(builder.meterRegistry, store);
        boolean told = !listeners.isEmpty() || telemetry != Telemetry.NONE;
        this.settings = new SessionContext.Settings(new InstrumentedStore(
                Objects.requireNonNull(store.blocking(), "store.blocking() returned null"), telemetry), builder.ttl,
                builder.ttlExtension, builder.codec, builder.clock, builder.maxLifetime,
                told ? this::tell : Lifecycle.NONE);
        this.expirySubscription = told ? subscribeToExpiry() : null;
    }

    /**
     * Asks the store for the sessions that end without a scope: expired, and (told as purged)
     * ended by the store to make room under a limit. A store that cannot tell them (a Hazelcast
     * client) is said once.
     */
    private AutoCloseable subscribeToExpiry() {
        try {
            return store.subscribeToExpiry(new ExpiryListener() {
                @Override
                public void expired(SessionId id, Map<String, String> lastState) {
                    endedInStore(SessionEvent.Type.EXPIRED, id, lastState);
                }

                @Override
                public void endedForLimit(SessionId id, Map<String, String> lastState) {
                    endedInStore(SessionEvent.Type.PURGED, id, lastState);
                }
            }, listenerExecutor);
        } catch (UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "expired sessions will not be told or counted here: "
                    + e.getMessage());
            return null;
        }
    }

    /** From the store, already on the listeners' executor: counted and told, with the last state. */
    private void endedInStore(SessionEvent.Type type, SessionId id, Map<String, String> lastState) {
        telemetry.event(type);
        notify(new SessionEvent(type, id, null, lastState.get(ReservedKeys.PRINCIPAL), lastState, settings.codec()));
    }

    /** From a scope's commit: counted, and told to the listeners on their executor. */
    private void tell(SessionEvent.Type type, SessionId id, SessionId previous, String principal) {
        telemetry.event(type);
        if (listeners.isEmpty()) {
            return;
        }
        SessionEvent event = new SessionEvent(type, id, previous, principal, null, settings.codec());
        try {
            listenerExecutor.execute(() -> notify(event));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "listeners were not told of " + event
                    + ": their executor refused it", e);
        }
    }

    /** Tells every listener; one that fails does not keep the others from hearing. */
    private void notify(SessionEvent event) {
        for (SessionListener listener : listeners) {
            try {
                switch (event.type()) {
                    case CREATED -> listener.created(event);
                    case RENEWED -> listener.renewed(event);
                    case PURGED -> listener.purged(event);
                    case EXPIRED -> listener.expired(event);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a session listener failed on " + event, e);
            }
        }
    }

    /** Starts a builder with the defaults: 30 minutes TTL, {@link TtlExtensionPolicy#ON_EVERY_REQUEST}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a scope for the session with {@code key} (a new session if null) and binds it to this
     * thread. Nothing is loaded until the session is first read. A key that turns out not to exist
     * (expired, ended, never issued) starts a new session, which gets a new key if it stores
     * anything.
     *
     * @param key the session's key, or null for a new session
     * @return the scope; close it (try-with-resources) to commit
     * @throws IllegalStateException if another session's scope is already open on this thread; the
     *     same session may be opened again inside its own scope, and only the outer scope commits
     */
    public SessionScope open(SessionKey key) {
        SessionContext current = SessionContext.current();
        if (current != null && !current.isClosed()) {
            if (key != null && current.key().map(key::equals).orElse(false)) {
                return new SessionScope(current, true);
            }
            throw new IllegalStateException("a scope for another session is already open on this thread;"
                    + " close it before opening a new one");
        }
        SessionContext context = new SessionContext(settings, key);
        SessionContext.bind(context);
        return new SessionScope(context, false);
    }

    /**
     * Opens a scope bound to no thread, for work that moves between threads (an asynchronous
     * request whose parts run on several pool threads): each part runs through {@link
     * SessionScope#wrap(Runnable)}, which binds the session for its length, and code outside the
     * parts uses {@link SessionScope#session()}. Otherwise as {@link #open(SessionKey)}; this
     * thread's binding, if any, is left as it is.
     *
     * @param key the session's key, or null for a new session
     * @return the scope; close it (on any thread) to commit
     */
    public SessionScope openUnbound(SessionKey key) {
        return new SessionScope(new SessionContext(settings, key), false);
    }

    /**
     * For code that reads keys from requests: which of several candidate keys one request carries
     * (a client may send several cookies of one name, one of them planted by someone else) names
     * the session to use. Keys that name no live session are passed over, so a planted unknown or
     * ended key cannot sign the user out; if more than one names a live session, none is chosen,
     * so a planted live key cannot capture the user's writes. One key alone is returned as it is,
     * without a store call; more cost a load each.
     *
     * @param candidates the keys, in the order the request carries them
     * @return the key to open, or empty for a new session
     * @throws AmbiguousSessionException if several candidates name live sessions
     */
    public Optional<SessionKey> choose(List<SessionKey> candidates) {
        if (candidates.size() == 1) { // the usual request: no store call, nothing to compare
            return Optional.of(candidates.get(0));
        }
        List<SessionKey> distinct = candidates.stream().distinct().toList();
        if (distinct.size() <= 1) {
            return distinct.stream().findFirst();
        }
        List<SessionKey> live = distinct.stream().filter(key -> settings.store().load(key).isPresent()).toList();
        if (live.size() > 1) {
            throw new AmbiguousSessionException(live.size());
        }
        return live.stream().findFirst();
    }

    /**
     * The live sessions bound to {@code principal} ({@link Session#principal(String)}), across the
     * cluster: identifier, creation and last access, never keys.
     *
     * @throws UnsupportedOperationException if the store cannot list sessions by principal
     * @throws dev.weft.store.SessionStoreException if the store failed
     */
    public List<SessionInfo> byPrincipal(String principal) {
        return await(store.sessionsOf(Objects.requireNonNull(principal, "principal")));
    }

    /**
     * Ends every session bound to {@code principal}, across the cluster, as {@link Session#purge()}
     * ends one (their keys stop working at once); listeners hear of each.
     *
     * @return how many sessions it ended
     * @throws UnsupportedOperationException if the store cannot find sessions by principal
     */
    public int invalidate(String principal) {
        List<SessionId> ended = await(store.endSessionsOf(Objects.requireNonNull(principal, "principal")));
        ended.forEach(id -> tell(SessionEvent.Type.PURGED, id, null, principal));
        return ended.size();
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The store sessions live in. */
    public SessionStore store() {
        return store;
    }

    /** How long a session lives without being extended. */
    public Duration ttl() {
        return settings.ttl();
    }

    /** When sessions are extended. */
    public TtlExtensionPolicy ttlExtension() {
        return settings.policy();
    }

    /**
     * Stops telling listeners of expiries, and closes the store if it is {@link AutoCloseable}.
     *
     * @throws IllegalStateException if closing the store failed
     */
    @Override
    public void close() {
        if (expirySubscription != null) {
            try {
                expirySubscription.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "could not stop listening for expired sessions", e);
            }
        }
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the session store failed", e);
            }
        }
    }

    /** Options for {@link Sessions}. */
    public static final class Builder {
        private SessionStore store;
        private Duration ttl = DEFAULT_TTL;
        private TtlExtensionPolicy ttlExtension = TtlExtensionPolicy.ON_EVERY_REQUEST;
        private ValueCodec codec = ValueCodec.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Duration maxLifetime;
        private boolean withoutAgent;
        private final List<SessionListener> listeners = new ArrayList<>();
        private Executor listenerExecutor = ForkJoinPool.commonPool();
        private Object meterRegistry;

        private Builder() {
        }

        /** Where sessions live (required), for example {@code new HazelcastSessionStore(hazelcast)}. */
        public Builder store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * How long a session lives without being extended (default 30 minutes).
         *
         * @throws IllegalArgumentException if null, zero, negative or over {@link SessionStore#MAX_TTL}
         */
        public Builder ttl(Duration ttl) {
            this.ttl = StoreArguments.requireTtl(ttl);
            return this;
        }

        /** When sessions are extended (default {@link TtlExtensionPolicy#ON_EVERY_REQUEST}). */
        public Builder ttlExtension(TtlExtensionPolicy ttlExtension) {
            this.ttlExtension = Objects.requireNonNull(ttlExtension, "ttlExtension");
            return this;
        }

        /**
         * The longest a session may live however active it is (OWASP's absolute timeout): it ends
         * at its creation plus this, enforced by the store (a load after that finds no session, and
         * no TTL outlives it). A renewal keeps the creation time. Default: no limit.
         *
         * @throws IllegalArgumentException if zero, negative or over {@link SessionStore#MAX_TTL}
         */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = StoreArguments.requireTtl(maxLifetime);
            return this;
        }

        /**
         * The Jackson mapper session values are encoded and decoded with (default: {@code
         * JsonMapper.builder().build()}). Every member must use one that reads what the others
         * write.
         */
        public Builder jsonMapper(JsonMapper mapper) {
            this.codec = new ValueCodec(Objects.requireNonNull(mapper, "mapper"));
            return this;
        }

        /**
         * Adds a listener of sessions' lifecycles. Each event is told once in the cluster: created,
         * renewed and purged by the process whose request did it; expired by the member that held
         * the session (a Hazelcast client hears no expiries: a warning says so at build). See
         * {@code HazelcastSessionStore.subscribeToExpiry} for what happens when members leave or die.
         */
        public Builder listener(SessionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Where listeners run (default {@link ForkJoinPool#commonPool()}): never a request's thread
         * or a Hazelcast thread, so a slow listener cannot stall requests or the cluster.
         */
        public Builder listenerExecutor(Executor executor) {
            this.listenerExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Records metrics in {@code registry} (Micrometer, an optional dependency: a program that
         * records none needs no Micrometer on its class path): counters {@code
         * weft.sessions.created}, {@code .renewed}, {@code .purged}, {@code .expired}; a timer {@code
         * weft.store.operations} per store operation, tagged {@code operation} and {@code outcome}
         * ({@code success}, {@code refused}, {@code failure}); the distribution {@code
         * weft.sessions.state.size} of states as loaded, in bytes; the gauge {@code
         * weft.sessions.local} of session entries this process holds, where the store can tell. No
         * tag holds a key or a value. Store operations and commits are also Java Flight Recorder
         * events ({@code dev.weft.StoreOperation}, {@code dev.weft.Commit}) whether or not metrics
         * are on.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The clock the sessions decide by (creation times, absolute lifetimes); default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Says that this program uses only the {@link Session} API and no {@code @SessionScoped}
         * field, so {@link #build()} does not require the Weft agent.
         */
        public Builder withoutAgent() {
            this.withoutAgent = true;
            return this;
        }

        /**
         * Builds the sessions.
         *
         * @throws IllegalStateException if no store was chosen, or if the Weft agent is not
         *     installed in this JVM and {@link #withoutAgent()} was not called
         */
        public Sessions build() {
            if (store == null) {
                throw new IllegalStateException("choose where sessions live: store(..), for example"
                        + " store(new HazelcastSessionStore(hazelcast)) or store(HazelcastSessionStore.startMember())");
            }
            if (!withoutAgent && System.getProperty(AGENT_PROPERTY) == null) {
                throw new IllegalStateException("the Weft agent is not installed in this JVM, so @SessionScoped fields"
                        + " would be plain fields that every session shares. Start the JVM with"
                        + " -javaagent:weft-agent.jar, or call WeftAgent.install() before building Sessions;"
                        + " a program that uses only the Session API says so with Sessions.builder().withoutAgent()");
            }
            return new Sessions(this);
        }
    }
}
