package dev.weft.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.ExpiryListener;
import dev.weft.store.SaveException;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreException;
import dev.weft.store.SessionStoreException.Kind;
import dev.weft.store.UpdateException;
import dev.weft.store.hazelcast.internal.AsyncRunner;
import dev.weft.store.hazelcast.internal.BlockingRunner;
import dev.weft.store.hazelcast.internal.EmbeddedMember;
import dev.weft.store.hazelcast.internal.Expiries;
import dev.weft.store.hazelcast.internal.MemberCheck;
import dev.weft.store.hazelcast.internal.Operation;
import dev.weft.store.hazelcast.internal.Operations;
import dev.weft.store.hazelcast.internal.Principals;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A {@link SessionStore} over a Hazelcast {@link IMap}, shared by every member of the cluster.
 * Works over any {@link HazelcastInstance}, an embedded member or a client. Every member that
 * holds the map needs {@code weft-runtime} on its class path, because the store's operations run
 * there as entry processors; a store built over a client checks that once and fails with a clear
 * message if the members lack it. {@link #startMember()} starts an embedded member configured for
 * sessions.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every operation is one atomic entry operation on the key's partition owner (a renewal two,
 *       plus one that tidies up), with the map's backups (one synchronous backup by default)
 *       updated before it completes.
 *   <li>A session is kept under its {@linkplain SessionKey#id() digest}, never its key.
 *   <li>Expiry is Hazelcast's per-entry TTL, set on every write. TTLs are kept in whole seconds,
 *       rounded up; a session lives at least its TTL after its last write or TTL update and at
 *       most one second longer, and never past its {@linkplain dev.weft.store.ReservedKeys#DEADLINE
 *       deadline} (there it may end up to a second early).
 *   <li>A purged or renewed session leaves a tombstone for {@link Builder#tombstoneGrace} (60 s by
 *       default; about 60 bytes of value per tombstone once a renewal has finished, plus
 *       Hazelcast's own cost per entry): writes with the old key are refused meanwhile.
 *   <li>A session is stored as one {@code byte[]} (see the architecture page), which Hazelcast
 *       serializes natively; nothing uses Java serialization. Each key's value carries when it was
 *       last written, so that copies of a session that diverged in a split brain merge key by key
 *       ({@link SessionMergePolicy}).
 *   <li>A state over {@link Builder#maxStateBytes} stored bytes or {@link Builder#maxEntries} keys
 *       is refused, naming the key whose write crossed the limit, and nothing is stored.
 *   <li>The asynchronous operations block neither the caller nor a Hazelcast thread; the returned
 *       stages may complete on a Hazelcast thread: attach blocking work to them only with an
 *       executor of your own ({@code thenApplyAsync(fn, executor)}). {@link #blocking()} offers the
 *       same operations as calls that do the work on the calling thread, with the same guarantees.
 *       A caller that waits for the result anyway should use it: Hazelcast completes every
 *       asynchronous call on another thread (on a machine with two cores or fewer, a thread started
 *       for that one call), which the blocking calls avoid.
 *   <li>Decisions by time (stamps, the TTL-extension window, deadlines, tombstones) use the
 *       builder's {@link Builder#clock clock}; entry processors take the caller's time with them,
 *       so a backup replica writes exactly what its owner wrote.
 * </ul>
 */
public final class HazelcastSessionStore implements SessionStore, AutoCloseable {

    /** The map sessions live in unless another name is given. */
    public static final String DEFAULT_MAP_NAME = "weft.sessions";

    /** The default size limit of one session's state: 1 MiB of stored bytes. */
    public static final long DEFAULT_MAX_STATE_BYTES = 1024 * 1024;

    /** The default limit of keys in one session's state. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** The default {@link Builder#ttlExtensionWindow}: 1% of the TTL. */
    public static final double DEFAULT_TTL_EXTENSION_WINDOW = 0.01;

    /** The default {@link Builder#tombstoneGrace}: 60 seconds. */
    public static final Duration DEFAULT_TOMBSTONE_GRACE = Duration.ofSeconds(60);

    private final HazelcastInstance hazelcast;
    private final boolean ownsInstance;
    private final IMap<byte[], Object> map;
    private final Operations operations;
    private final AsyncRunner async;
    private final BlockingRunner blockingRunner;
    private final Principals principals;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Executor executor;
    private final BlockingSessionStore blocking = new Blocking();

    /**
     * A store over the map {@value #DEFAULT_MAP_NAME}.
     *
     * @param hazelcast a member or client
     * @throws IllegalStateException if {@code hazelcast} is a client whose cluster's members cannot
     *     run Weft's operations (they lack {@code weft-runtime})
     */
    public HazelcastSessionStore(HazelcastInstance hazelcast) {
        this(builder(hazelcast), false);
    }

    /**
     * A store over the named map.
     *
     * @param hazelcast a member or client
     * @param mapName the map's name
     * @throws IllegalStateException as {@link #HazelcastSessionStore(HazelcastInstance)}
     */
    public HazelcastSessionStore(HazelcastInstance hazelcast, String mapName) {
        this(builder(hazelcast).mapName(mapName), false);
    }

    private HazelcastSessionStore(Builder builder, boolean ownsInstance) {
        this.hazelcast = builder.hazelcast;
        this.ownsInstance = ownsInstance;
        this.map = builder.hazelcast.getMap(builder.mapName);
        this.operations = new Operations(builder.clock, builder.maxStateBytes, builder.maxEntries,
                builder.ttlExtensionWindow, builder.tombstoneGrace, builder.keys, builder.betweenRenewalSteps);
        this.async = new AsyncRunner(map, builder.executor);
        this.blockingRunner = new BlockingRunner(map);
        this.executor = builder.executor;
        this.principals = new Principals(hazelcast, map, builder.clock, builder.tombstoneGrace.toMillis(),
                builder.maxSessionsPerPrincipal, builder.whenOverLimit, builder.afterLimitCheck, this::endedForLimit);
        MemberCheck.requireWeftOnMembers(hazelcast, map);
    }

    /**
     * Starts a builder for a store with more options than the constructors offer.
     *
     * @param hazelcast a member or client
     * @return a builder with the defaults
     */
    public static Builder builder(HazelcastInstance hazelcast) {
        return new Builder(hazelcast);
    }

    /**
     * Starts a Hazelcast member in this JVM and returns a store over it that shuts the member down
     * when closed ({@link dev.weft.session.Sessions#close()} closes it). The member is configured
     * the standard Hazelcast way ({@code -Dhazelcast.config}, or {@code hazelcast.yaml} / {@code
     * hazelcast.xml} in the working directory or on the class path); without such a configuration
     * it gets a safe one: cluster name {@value dev.weft.store.hazelcast.internal.EmbeddedMember#CLUSTER_NAME}, no multicast, TCP-IP
     * discovery on loopback, Hazelcast's logs through {@link System.Logger} at WARNING. Either way
     * the session map gets {@link SessionMergePolicy} unless the configuration names a merge
     * policy for it. One line on standard error says which configuration was used.
     *
     * @return a store over map {@value #DEFAULT_MAP_NAME} of the new member
     */
    public static HazelcastSessionStore startMember() {
        return startMember(config -> { });
    }

    /**
     * As {@link #startMember()}, with {@code configure} given the configuration (the standard one,
     * or Weft's default) to change before the member starts: a cluster name and ports of a test's
     * own, say. The session map's merge policy and principal index are set after it, unless it set
     * them.
     *
     * @param configure changes the member's configuration
     * @return a store over map {@value #DEFAULT_MAP_NAME} of the new member
     */
    public static HazelcastSessionStore startMember(java.util.function.Consumer<com.hazelcast.config.Config> configure) {
        return new HazelcastSessionStore(builder(EmbeddedMember.start(DEFAULT_MAP_NAME,
                Objects.requireNonNull(configure, "configure"))), true);
    }

    /** The name of the map this store keeps sessions in. */
    public String mapName() {
        return map.getName();
    }

    /** The Hazelcast instance this store works through. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /**
     * Shuts down the member {@link #startMember()} started; a store over an instance of your own
     * leaves it alone.
     */
    @Override
    public void close() {
        if (ownsInstance) {
            hazelcast.shutdown();
        }
    }

    @Override
    public String toString() {
        return "HazelcastSessionStore[map=" + map.getName() + "]";
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return run(() -> operations.load(key));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One entry operation. It skips the TTL reset (and so the write and its backup) if the
     * TTL was set less than {@link Builder#ttlExtensionWindow} of {@code ttl} ago: a session that
     * is only read may therefore end up to that much earlier than exact sliding expiry (by default
     * 1% of the TTL: 18 s of 30 min).
     */
    @Override
    public CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        return run(() -> operations.loadAndUpdateTtl(key, ttl));
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        return binding(state, null, () -> operations.save(state, ttl), SaveException::new);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        return binding(state, key, () -> operations.update(key, state, ttl), UpdateException::new);
    }

    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed,
            Set<String> removed, Duration ttl) {
        return binding(changed, key, () -> operations.updateDelta(key, changed, removed, ttl), UpdateException::new);
    }

    @Override
    public CompletionStage<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        return binding(changed, key, () -> operations.renew(key, changed, removed, ttl), UpdateException::new);
    }

    /**
     * A write, which, if it binds a session to a principal with a limit, runs under the principal's
     * lock on the executor (a lock and a query block).
     */
    private CompletionStage<SessionKey> binding(Map<String, String> changed, SessionKey key,
            Supplier<Operation<SessionKey>> prepare, Refusal refusal) {
        String principal = changed == null ? null : principals.limitedPrincipal(changed);
        if (principal == null) {
            return run(prepare);
        }
        Operation<SessionKey> operation;
        try {
            operation = prepare.get();
        } catch (SessionStoreException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return CompletableFuture.supplyAsync(() -> principals.bindingUnderLimit(principal,
                key == null ? null : key.id().toBytes(), () -> blockingRunner.run(operation), refusal::of), executor);
    }

    /** The store's exception for a refused binding. */
    @FunctionalInterface
    private interface Refusal {
        SessionStoreException create(Kind kind, String message, Throwable cause);

        default SessionStoreException of(String message) {
            return create(Kind.TOO_MANY_SESSIONS, message, null);
        }
    }

    /** The blocking form of {@link #binding}. */
    private SessionKey bindingNow(Map<String, String> changed, SessionKey key, Operation<SessionKey> operation,
            Refusal refusal) {
        String principal = principals.limitedPrincipal(changed);
        if (principal == null) {
            return blockingRunner.run(operation);
        }
        return principals.bindingUnderLimit(principal, key == null ? null : key.id().toBytes(),
                () -> blockingRunner.run(operation), refusal::of);
    }

    /**
     * {@inheritDoc}
     *
     * <p>An indexed query on the attribute {@link PrincipalExtractor} extracts (members configured
     * by hand must name it: see there), run on the builder's executor.
     */
    @Override
    public CompletionStage<List<SessionInfo>> sessionsOf(String principal) {
        Objects.requireNonNull(principal, "principal must not be null");
        return CompletableFuture.supplyAsync(() -> principals.sessionsOf(principal), executor);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One partition-wide entry operation on the sessions the principal query finds.
     */
    @Override
    public CompletionStage<List<SessionId>> endSessionsOf(String principal) {
        Objects.requireNonNull(principal, "principal must not be null");
        return CompletableFuture.supplyAsync(() -> principals.endSessionsOf(principal), executor);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On a member only (a client hears no local events): each member hears the expiries of the
     * entries it owns, so each is told once in the cluster. When an owner dies just after entries
     * expired, their backups expire again on the member that takes over; a record of what was told
     * (the map {@code <map>.expired}, kept ten minutes) stops a second telling. The record is made
     * first, so an owner that dies between recording and telling loses that one: at most once.
     * Hazelcast notices expired entries with a delay set by its expiry task (by default a sweep of
     * part of the partitions every few seconds; see {@code hazelcast.internal.map.expiration.*}).
     * The listener also hears, from this process only, of the sessions this store's writes end to
     * make room under a principal's limit ({@link ExpiryListener#endedForLimit}).
     */
    @Override
    public AutoCloseable subscribeToExpiry(ExpiryListener listener, Executor executor) {
        AutoCloseable expiries = Expiries.subscribe(hazelcast, map, Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(executor, "executor"));
        Subscriber subscriber = new Subscriber(listener, executor);
        subscribers.add(subscriber);
        return () -> {
            subscribers.remove(subscriber);
            expiries.close();
        };
    }

    /** A listener subscribed in this process, told of the sessions its writes end for a limit. */
    private record Subscriber(ExpiryListener listener, Executor executor) {
    }

    /** Tells this process's subscribers, each on its executor, of a session a limit ended here. */
    private void endedForLimit(SessionId id, Map<String, String> lastState) {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.executor().execute(() -> subscriber.listener().endedForLimit(id, lastState));
            } catch (RejectedExecutionException e) {
                System.getLogger(HazelcastSessionStore.class.getName()).log(System.Logger.Level.WARNING,
                        "session " + id + ", ended to make room under its principal's limit, was not told: the"
                                + " listener's executor refused it", e);
            }
        }
    }

    /** {@inheritDoc} On a member: the entries it owns, tombstones included; on a client: empty. */
    @Override
    public OptionalLong localEntryCount() {
        return hazelcast.getLocalEndpoint() instanceof com.hazelcast.cluster.Member
                ? OptionalLong.of(map.getLocalMapStats().getOwnedEntryCount()) : OptionalLong.empty();
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        return run(() -> operations.updateTtl(key, ttl));
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        return run(() -> operations.delete(key));
    }

    /**
     * Prepares an operation (argument errors are thrown at once) and runs it asynchronously; a
     * refusal known before anything is sent fails the stage.
     */
    private <T> CompletionStage<T> run(Supplier<Operation<T>> prepare) {
        Operation<T> operation;
        try {
            operation = prepare.get();
        } catch (SessionStoreException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return async.run(operation);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here each call is the same entry operation as its asynchronous form, made with
     * Hazelcast's synchronous API on the calling thread; results are decoded there too. Do not call
     * it from a Hazelcast partition thread (an entry processor or listener), which may not wait for
     * operations.
     */
    @Override
    public BlockingSessionStore blocking() {
        return blocking;
    }

    /** The operations through Hazelcast's synchronous API, on the calling thread. */
    private final class Blocking implements BlockingSessionStore {

        @Override
        public Optional<Map<String, String>> load(SessionKey key) {
            return blockingRunner.run(operations.load(key));
        }

        @Override
        public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
            return blockingRunner.run(operations.loadAndUpdateTtl(key, ttl));
        }

        @Override
        public SessionKey save(Map<String, String> state, Duration ttl) {
            return bindingNow(state, null, operations.save(state, ttl), SaveException::new);
        }

        @Override
        public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
            return bindingNow(state, key, operations.update(key, state, ttl), UpdateException::new);
        }

        @Override
        public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                Duration ttl) {
            return bindingNow(changed, key, operations.updateDelta(key, changed, removed, ttl), UpdateException::new);
        }

        @Override
        public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
            return bindingNow(changed, key, operations.renew(key, changed, removed, ttl), UpdateException::new);
        }

        @Override
        public void updateTtl(SessionKey key, Duration ttl) {
            blockingRunner.run(operations.updateTtl(key, ttl));
        }

        @Override
        public void delete(SessionKey key) {
            blockingRunner.run(operations.delete(key));
        }

        @Override
        public String toString() {
            return "blocking view of " + HazelcastSessionStore.this;
        }
    }

    /** Options for a {@link HazelcastSessionStore}. Not thread-safe; build once. */
    public static final class Builder {
        private final HazelcastInstance hazelcast;
        private String mapName = DEFAULT_MAP_NAME;
        private long maxStateBytes = DEFAULT_MAX_STATE_BYTES;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private double ttlExtensionWindow = DEFAULT_TTL_EXTENSION_WINDOW;
        private Duration tombstoneGrace = DEFAULT_TOMBSTONE_GRACE;
        private Clock clock = Clock.systemUTC();
        private Executor executor = ForkJoinPool.commonPool();
        private Supplier<SessionKey> keys = SessionKey::generate;
        private Runnable betweenRenewalSteps = () -> { };
        private Runnable afterLimitCheck = () -> { };
        private int maxSessionsPerPrincipal;
        private PrincipalLimit whenOverLimit = PrincipalLimit.REFUSE_NEWER;

        private Builder(HazelcastInstance hazelcast) {
            this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast instance must not be null");
        }

        /**
         * The map to keep sessions in.
         *
         * @param mapName a non-blank map name
         * @return this builder
         * @throws IllegalArgumentException if the name is null or blank
         */
        public Builder mapName(String mapName) {
            if (mapName == null || mapName.isBlank()) {
                throw new IllegalArgumentException("map name must not be null or blank");
            }
            this.mapName = mapName;
            return this;
        }

        /**
         * The most bytes one session may take as stored (keys, values and the format's own bytes;
         * default {@value #DEFAULT_MAX_STATE_BYTES}); a write that would make it larger fails with
         * kind {@code SERIALIZATION}, naming the key, and stores nothing.
         *
         * @param maxStateBytes at least 64
         * @return this builder
         * @throws IllegalArgumentException if {@code maxStateBytes} is less than 64
         */
        public Builder maxStateBytes(long maxStateBytes) {
            if (maxStateBytes < 64) {
                throw new IllegalArgumentException("maxStateBytes must be at least 64, was " + maxStateBytes);
            }
            this.maxStateBytes = maxStateBytes;
            return this;
        }

        /**
         * The most keys one session's state may hold (default {@value #DEFAULT_MAX_ENTRIES}; Weft's
         * own reserved keys are not counted); a write that would add more fails with kind {@code
         * SERIALIZATION}, naming the key, and stores nothing.
         *
         * @param maxEntries at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxEntries} is less than 1
         */
        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /**
         * How recently a session's TTL may have been set for {@code loadAndUpdateTtl} to skip
         * setting it again, as a fraction of the TTL (default {@value #DEFAULT_TTL_EXTENSION_WINDOW},
         * 1%). Skipping saves a write and its backup on most read-only requests of an active
         * session; the price is that such a session may end up to this fraction of its TTL earlier
         * than exact sliding expiry. 0 resets the TTL on every load.
         *
         * @param fractionOfTtl from 0 to 0.5
         * @return this builder
         * @throws IllegalArgumentException if outside 0 to 0.5
         */
        public Builder ttlExtensionWindow(double fractionOfTtl) {
            if (!(fractionOfTtl >= 0 && fractionOfTtl <= 0.5)) {
                throw new IllegalArgumentException("ttlExtensionWindow must be a fraction of the TTL from 0 to 0.5, was "
                        + fractionOfTtl);
            }
            this.ttlExtensionWindow = fractionOfTtl;
            return this;
        }

        /**
         * How long a purged or renewed session's old key stays refused before it is simply unknown
         * (default 60 seconds). Make it longer than your longest request: a request that loaded
         * the session before it ended and writes after the grace would store its changes under a
         * new key.
         *
         * @param grace from 2 seconds to {@link SessionStore#MAX_TTL}
         * @return this builder
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder tombstoneGrace(Duration grace) {
            if (grace == null || grace.compareTo(Duration.ofSeconds(2)) < 0 || grace.compareTo(MAX_TTL) > 0) {
                throw new IllegalArgumentException("tombstoneGrace must be from 2 s to " + MAX_TTL.toDays()
                        + " days, was " + grace);
            }
            this.tombstoneGrace = grace;
            return this;
        }

        /**
         * The clock the store decides by (stamps, the extension window, deadlines, tombstones);
         * default {@link Clock#systemUTC()}. Members' clocks should agree, as they must for
         * Hazelcast's own expiry.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where the asynchronous operations start a step that must call Hazelcast again (a save
         * after an update found its session gone, the steps of a renewal), and where {@code
         * sessionsOf}, {@code endSessionsOf} and the writes that bind a session to a principal
         * under a limit run (they block on a lock and a query); default {@link
         * ForkJoinPool#commonPool()}. Give it an executor of its own where principals are limited
         * or queried often. The blocking view does not use it for its own steps.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The most live sessions one principal ({@code @principal}, see {@link
         * dev.weft.session.Session#principal(String)}) may have, and what happens to a write that
         * would bind one more: refused, or the principal's oldest sessions ended. Enforced under a
         * lock on the principal's name, so two sign-ins on two members cannot both pass it. Only
         * writes that bind a principal pay for it (a lock and an indexed query). Default: no limit.
         *
         * @param max at least 1
         * @param whenOver refuse the newer, or end the oldest
         * @return this builder
         * @throws IllegalArgumentException if {@code max} is less than 1
         */
        public Builder maxSessionsPerPrincipal(int max, PrincipalLimit whenOver) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSessionsPerPrincipal must be at least 1, was " + max);
            }
            this.maxSessionsPerPrincipal = max;
            this.whenOverLimit = Objects.requireNonNull(whenOver, "whenOver");
            return this;
        }

        /** Where new keys come from; tests use it to place keys on a chosen member. */
        Builder keys(Supplier<SessionKey> keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Runs between the check of a principal's session limit and the write it allows; tests pause there. */
        Builder afterLimitCheck(Runnable hook) {
            this.afterLimitCheck = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** Runs between a renewal's first and second step; tests pause or fail there. */
        Builder betweenRenewalSteps(Runnable hook) {
            this.betweenRenewalSteps = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Builds the store.
         *
         * @throws IllegalStateException if the instance is a client whose cluster's members cannot
         *     run Weft's operations
         */
        public HazelcastSessionStore build() {
            return new HazelcastSessionStore(this, false);
        }
    }
}
