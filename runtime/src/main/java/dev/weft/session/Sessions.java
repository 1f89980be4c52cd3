package dev.weft.session;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.internal.SessionContext;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.store.internal.StoreArguments;
import java.time.Duration;
import java.util.Objects;

/**
 * The entry point: a store, a TTL and a TTL policy, from which scopes are opened. Build one per
 * application and share it; it is immutable and thread-safe.
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
 */
public final class Sessions implements AutoCloseable {

    /** The TTL unless another is set: 30 minutes. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

    private final SessionStore store;
    /** What scopes call: they wait for every store operation, so they take the blocking form. */
    private final BlockingSessionStore blockingStore;
    private final Duration ttl;
    private final TtlExtensionPolicy ttlExtension;
    private final HazelcastInstance ownMember;

    private Sessions(Builder builder, HazelcastInstance ownMember) {
        this.store = builder.store;
        this.blockingStore = Objects.requireNonNull(store.blocking(), "store.blocking() returned null");
        this.ttl = builder.ttl;
        this.ttlExtension = builder.ttlExtension;
        this.ownMember = ownMember;
    }

    /** Starts a builder with the defaults: 30 minutes TTL, {@link TtlExtensionPolicy#ON_EVERY_REQUEST}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a scope for the session with {@code key} (a new session if null) and binds it to this
     * thread. Nothing is loaded until the session is first read. A key that turns out not to exist
     * (expired, deleted, never issued) starts a new session, which gets a new key if it stores
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
        SessionContext context = new SessionContext(blockingStore, ttl, ttlExtension, key);
        SessionContext.bind(context);
        return new SessionScope(context, false);
    }

    /** The store sessions live in. */
    public SessionStore store() {
        return store;
    }

    /** How long a session lives without being extended. */
    public Duration ttl() {
        return ttl;
    }

    /** When sessions are extended. */
    public TtlExtensionPolicy ttlExtension() {
        return ttlExtension;
    }

    /**
     * Shuts down the Hazelcast member that {@link Builder#hazelcastMember()} started, if any.
     * A store given to the builder is left alone.
     */
    @Override
    public void close() {
        if (ownMember != null) {
            ownMember.shutdown();
        }
    }

    /** Options for {@link Sessions}. */
    public static final class Builder {
        private SessionStore store;
        private boolean startMember;
        private Duration ttl = DEFAULT_TTL;
        private TtlExtensionPolicy ttlExtension = TtlExtensionPolicy.ON_EVERY_REQUEST;

        private Builder() {
        }

        /** Where sessions live. Either this or {@link #hazelcastMember()} is required. */
        public Builder store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            this.startMember = false;
            return this;
        }

        /**
         * Keeps sessions in a Hazelcast member that {@link #build()} starts in this JVM, configured
         * the standard Hazelcast way: {@code -Dhazelcast.config}, or {@code hazelcast.yaml} /
         * {@code hazelcast.xml} in the working directory or on the class path. {@link
         * Sessions#close()} shuts it down.
         */
        public Builder hazelcastMember() {
            this.store = null;
            this.startMember = true;
            return this;
        }

        /**
         * How long a session lives without being extended (default 30 minutes).
         *
         * @throws IllegalArgumentException if null, zero or negative
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
         * Builds the sessions, starting the Hazelcast member if asked to.
         *
         * @throws IllegalStateException if neither a store nor a Hazelcast member was chosen
         */
        public Sessions build() {
            if (startMember) {
                HazelcastInstance member = Hazelcast.newHazelcastInstance();
                store = new HazelcastSessionStore(member);
                return new Sessions(this, member);
            }
            if (store == null) {
                throw new IllegalStateException("choose where sessions live: store(..) or hazelcastMember()");
            }
            return new Sessions(this, null);
        }
    }
}
