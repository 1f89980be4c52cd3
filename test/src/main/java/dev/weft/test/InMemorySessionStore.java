package dev.weft.test;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.ExpiryListener;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SaveException;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.StoreArguments;
import dev.weft.store.SessionStoreException;
import dev.weft.store.SessionStoreException.Kind;
import dev.weft.store.UpdateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A {@link SessionStore} in this JVM's memory, for tests: a real store, not a mock. It keeps every
 * promise of the store contract (the runtime's contract suite runs against it) and decides
 * everything by the {@link Clock} it is given, so a test moves a {@link TestClock} to make sessions
 * expire instead of waiting.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>Sessions are kept under their {@linkplain SessionKey#id() identifier}, never their key, in
 *       a {@link ConcurrentHashMap}. Every operation is one atomic step on its session's entry; a
 *       {@link #renew renewal} ends the old key in the step that takes its state, and then stores
 *       the state under the new key, which nobody can know before.
 *   <li>A session lives while the clock is before its last write or TTL update plus its TTL (its
 *       {@link ReservedKeys#IDLE_TIMEOUT own idle timeout} instead, if its state has one), and never
 *       from its {@link ReservedKeys#DEADLINE deadline} on. TTLs are kept in whole milliseconds,
 *       rounded up. Nothing expires by itself in real time, unless the clock is the system clock.
 *   <li>{@link #delete} and {@link #renew} leave a tombstone for {@link Builder#tombstoneGrace}: the
 *       old key then loads nothing and writes with it fail with kind {@code ENDED}; after the grace
 *       the key is simply unknown.
 *   <li>Limits: a state whose keys and values take more than {@link Builder#maxStateBytes} bytes
 *       (counted as the UTF-8 bytes of every key and value, reserved ones included), or that holds
 *       more than {@link Builder#maxEntries} keys (reserved keys not counted), is refused with kind
 *       {@code SERIALIZATION}, naming the key whose write crossed the limit (of the keys written,
 *       in sorted order, the first at which the state's unchanged keys plus those written so far
 *       exceed it); nothing is stored then.
 *   <li>Arguments are checked as the contract says, before anything changes. Operations never fail
 *       with kind {@code DESERIALIZATION} or {@code OTHER}, except a save after eight generated
 *       keys in a row were taken.
 *   <li>The asynchronous operations do their work on the calling thread and return completed
 *       stages; {@link #blocking()} does the same work without the stages. {@link #loadAndUpdateTtl}
 *       resets the TTL on every call (no skip window).
 *   <li>Expired sessions and tombstones are dropped when an operation or an inspection meets them,
 *       and in a sweep every 1024 saves.
 * </ul>
 *
 * <h2>What it does not do</h2>
 * It finds no sessions by principal ({@link #sessionsOf}, {@link #endSessionsOf}), tells nobody
 * of expiries ({@link #subscribeToExpiry}) and counts no entries for a gauge ({@link
 * #localEntryCount()} is empty): a test that needs these runs on a Hazelcast member
 * ({@code WeftExtension.builder().embeddedMember()}). Its size limit counts the UTF-8 bytes of
 * keys and values, where the Hazelcast store counts the bytes it stores (with its format's own),
 * so a state near the limit may pass here and be refused there.
 *
 * <p>Besides the store's operations, it lets a test look inside: {@link #sessionIds()}, {@link
 * #state(SessionId)}, {@link #expiresAt(SessionId)}, {@link #isEnded(SessionId)} and {@link
 * #storedEntries()}. None of them changes anything.
 */
public final class InMemorySessionStore implements SessionStore {

    /** The default {@link Builder#tombstoneGrace}: 60 seconds, as the Hazelcast store's. */
    public static final Duration DEFAULT_TOMBSTONE_GRACE = Duration.ofSeconds(60);

    /** The default {@link Builder#maxStateBytes}: 1 MiB. */
    public static final long DEFAULT_MAX_STATE_BYTES = 1024 * 1024;

    /** The default {@link Builder#maxEntries}. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** Saves between two sweeps of expired entries. */
    static final int SWEEP_EVERY = 1024;

    /** Generated keys tried before a save gives up; a collision is about 2^-381 likely. */
    private static final int SAVE_ATTEMPTS = 8;

    private final ConcurrentHashMap<SessionId, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long graceMillis;
    private final long maxStateBytes;
    private final int maxEntries;
    private final Runnable betweenRenewalSteps;
    private final AtomicInteger savesSinceSweep = new AtomicInteger();
    private final BlockingSessionStore blocking = new Blocking();

    /** What the map holds for a session: its state, or the tombstone of an ended one. */
    private sealed interface Entry permits Live, Ended {
    }

    /** A session's state, alive while the clock is before {@code expiresAt} (epoch milliseconds). */
    private record Live(Map<String, String> state, long expiresAt) implements Entry {
    }

    /** An ended session's tombstone, refusing writes until {@code until} (epoch milliseconds). */
    private record Ended(long until) implements Entry {
    }

    /** A store with the defaults, deciding by {@link Clock#systemUTC()}. */
    public InMemorySessionStore() {
        this(builder());
    }

    private InMemorySessionStore(Builder builder) {
        this.clock = builder.clock;
        this.graceMillis = millisRoundedUp(builder.tombstoneGrace);
        this.maxStateBytes = builder.maxStateBytes;
        this.maxEntries = builder.maxEntries;
        this.betweenRenewalSteps = builder.betweenRenewalSteps;
    }

    /**
     * Starts a builder with the defaults: {@link Clock#systemUTC()}, {@value #DEFAULT_MAX_STATE_BYTES}
     * bytes, {@value #DEFAULT_MAX_ENTRIES} keys, a tombstone grace of 60 seconds.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- the store's operations ----

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return stage(() -> blocking.load(key));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one atomic step that resets the TTL on every call.
     */
    @Override
    public CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        return stage(() -> blocking.loadAndUpdateTtl(key, ttl));
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        return stage(() -> blocking.save(state, ttl));
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        return stage(() -> blocking.update(key, state, ttl));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one atomic step on the session's entry: concurrent deltas to different keys all keep
     * their changes.
     */
    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        return stage(() -> blocking.updateDelta(key, changed, removed, ttl));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one atomic step takes the state (with the changes applied) and leaves the tombstone;
     * the state is then stored under the new key. No write with the old key is lost or accepted in
     * between.
     */
    @Override
    public CompletionStage<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        return stage(() -> blocking.renew(key, changed, removed, ttl));
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        return stage(() -> {
            blocking.updateTtl(key, ttl);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        return stage(() -> {
            blocking.delete(key);
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the same work as the asynchronous operations, which are done on the calling thread
     * too, without the stages.
     */
    @Override
    public BlockingSessionStore blocking() {
        return blocking;
    }

    /**
     * Not supported here: the stage fails with {@link UnsupportedOperationException}, which says
     * where to find sessions by principal (a {@code WeftExtension} built with {@code
     * embeddedMember()}, whose store can).
     */
    @Override
    public CompletionStage<List<SessionInfo>> sessionsOf(String principal) {
        Objects.requireNonNull(principal, "principal must not be null");
        return CompletableFuture.failedFuture(unsupported("list sessions by principal"));
    }

    /** Not supported here: the stage fails with {@link UnsupportedOperationException}, as {@link #sessionsOf}. */
    @Override
    public CompletionStage<List<SessionId>> endSessionsOf(String principal) {
        Objects.requireNonNull(principal, "principal must not be null");
        return CompletableFuture.failedFuture(unsupported("end sessions by principal"));
    }

    /**
     * Not supported here: this store tells nobody of expiries (a session expires only when the
     * clock is moved past it, and nothing is told then).
     *
     * @throws UnsupportedOperationException always, saying what can
     */
    @Override
    public AutoCloseable subscribeToExpiry(ExpiryListener listener, Executor executor) {
        throw unsupported("tell of expired sessions");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("InMemorySessionStore cannot " + what + ": a test that needs it runs"
                + " on a Hazelcast member (WeftExtension.builder().embeddedMember())");
    }

    /** Runs an operation now: argument errors are thrown, store failures complete the stage. */
    private static <T> CompletionStage<T> stage(Supplier<T> operation) {
        T result;
        try {
            result = operation.get();
        } catch (SessionStoreException failed) {
            return CompletableFuture.failedFuture(failed);
        }
        return CompletableFuture.completedFuture(result);
    }

    // ---- looking inside ----

    /**
     * The identifiers of the live sessions (not tombstones), as the clock stands now.
     *
     * @return an immutable set
     */
    public Set<SessionId> sessionIds() {
        long now = clock.millis();
        sweep(now);
        return entries.entrySet().stream().filter(entry -> isLive(entry.getValue(), now)).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A live session's whole state, reserved keys included, without touching its TTL.
     *
     * @param id the session's identifier ({@code key.id()})
     * @return the immutable state, or empty if no live session has this identifier
     */
    public Optional<Map<String, String>> state(SessionId id) {
        Objects.requireNonNull(id, "id");
        Entry entry = entries.get(id);
        return isLive(entry, clock.millis()) ? Optional.of(((Live) entry).state()) : Optional.empty();
    }

    /**
     * When a live session ends unless it is written or extended before: its last write or TTL
     * update plus its TTL, or its deadline if that is earlier.
     *
     * @param id the session's identifier ({@code key.id()})
     * @return the instant, or empty if no live session has this identifier
     */
    public Optional<Instant> expiresAt(SessionId id) {
        Objects.requireNonNull(id, "id");
        Entry entry = entries.get(id);
        return isLive(entry, clock.millis()) ? Optional.of(Instant.ofEpochMilli(((Live) entry).expiresAt()))
                : Optional.empty();
    }

    /**
     * Whether the session with this identifier was deleted or renewed within the tombstone grace,
     * so that writes with its key are refused with kind {@code ENDED}.
     *
     * @param id the session's identifier ({@code key.id()})
     * @return whether its tombstone is there
     */
    public boolean isEnded(SessionId id) {
        Objects.requireNonNull(id, "id");
        return entries.get(id) instanceof Ended ended && clock.millis() < ended.until();
    }

    /**
     * How many entries the store holds, as the clock stands now: live sessions and the tombstones
     * of ended ones.
     *
     * @return the count
     */
    public long storedEntries() {
        long now = clock.millis();
        sweep(now);
        return entries.values().stream().filter(entry -> !isGone(entry, now)).count();
    }

    @Override
    public String toString() {
        return "InMemorySessionStore[" + entries.size() + " entries]";
    }

    // ---- the work, on the calling thread ----

    /** The operations, done at once on the calling thread. */
    private final class Blocking implements BlockingSessionStore {

        @Override
        public Optional<Map<String, String>> load(SessionKey key) {
            StoreArguments.requireKey(key);
            return loaded(key, -1);
        }

        @Override
        public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
            StoreArguments.requireKey(key);
            StoreArguments.requireTtl(ttl);
            return loaded(key, millisRoundedUp(ttl));
        }

        @Override
        public SessionKey save(Map<String, String> state, Duration ttl) {
            StoreArguments.requireState(state);
            StoreArguments.requireTtl(ttl);
            return saved(Map.copyOf(state), millisRoundedUp(ttl), failure -> failure);
        }

        @Override
        public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
            StoreArguments.requireKey(key);
            StoreArguments.requireState(state);
            StoreArguments.requireTtl(ttl);
            return changed(key, Map.copyOf(state), Set.of(), true, millisRoundedUp(ttl));
        }

        @Override
        public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                Duration ttl) {
            StoreArguments.requireDelta(key, changed, removed, ttl);
            return changed(key, Map.copyOf(changed), Set.copyOf(removed), false, millisRoundedUp(ttl));
        }

        @Override
        public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
            StoreArguments.requireDelta(key, changed, removed, ttl);
            return renewed(key, Map.copyOf(changed), Set.copyOf(removed), millisRoundedUp(ttl));
        }

        @Override
        public void updateTtl(SessionKey key, Duration ttl) {
            StoreArguments.requireKey(key);
            StoreArguments.requireTtl(ttl);
            long ttlMillis = millisRoundedUp(ttl);
            long now = clock.millis();
            entries.computeIfPresent(key.id(), (id, entry) -> isLive(entry, now)
                    ? new Live(((Live) entry).state(), expiry(((Live) entry).state(), now, ttlMillis))
                    : isGone(entry, now) ? null : entry);
        }

        @Override
        public void delete(SessionKey key) {
            StoreArguments.requireKey(key);
            long now = clock.millis();
            entries.computeIfPresent(key.id(), (id, entry) -> isLive(entry, now) ? new Ended(now + graceMillis)
                    : isGone(entry, now) ? null : entry);
        }

        @Override
        public String toString() {
            return "blocking view of " + InMemorySessionStore.this;
        }
    }

    /** A load, resetting the TTL if {@code ttlMillis} is not negative. */
    private Optional<Map<String, String>> loaded(SessionKey key, long ttlMillis) {
        long now = clock.millis();
        Map<?, ?>[] found = new Map<?, ?>[1];
        entries.computeIfPresent(key.id(), (id, entry) -> {
            if (!isLive(entry, now)) {
                return isGone(entry, now) ? null : entry;
            }
            Live live = (Live) entry;
            found[0] = live.state();
            return ttlMillis < 0 ? live : new Live(live.state(), expiry(live.state(), now, ttlMillis));
        });
        @SuppressWarnings("unchecked")
        Map<String, String> state = (Map<String, String>) found[0];
        return Optional.ofNullable(state);
    }

    /** Stores a new session; {@code failure} turns a refusal into the caller's kind of exception. */
    private SessionKey saved(Map<String, String> state, long ttlMillis,
            Function<SaveException, SessionStoreException> failure) {
        String refused = refusal(state, state.keySet());
        if (refused != null) {
            throw failure.apply(new SaveException(Kind.SERIALIZATION, refused, null));
        }
        if (savesSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            savesSinceSweep.set(0);
            sweep(clock.millis());
        }
        long now = clock.millis();
        SessionKey key = placed(new Live(state, expiry(state, now, ttlMillis)), now);
        if (key == null) {
            throw failure.apply(new SaveException(Kind.OTHER,
                    "every generated key was taken (" + SAVE_ATTEMPTS + " attempts)", null));
        }
        return key;
    }

    /** Puts {@code live} under a fresh key; null if every key tried was taken. */
    private SessionKey placed(Live live, long now) {
        for (int attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
            SessionKey key = SessionKey.generate();
            boolean[] free = new boolean[1];
            entries.compute(key.id(), (id, entry) -> {
                free[0] = entry == null || isGone(entry, now);
                return free[0] ? live : entry;
            });
            if (free[0]) {
                return key;
            }
        }
        return null;
    }

    /** What one atomic step found; the step itself changes the map only. */
    private static final class Outcome {
        /** Set when the session was there and the step did its work. */
        boolean applied;
        /** Set when the key's tombstone refused the write. */
        boolean ended;
        /** A limit's refusal, if any. */
        String refusal;
        /** A renewal's state, taken from the old key. */
        Map<String, String> moved;
    }

    /** An update ({@code replace}) or a delta update. */
    private SessionKey changed(SessionKey key, Map<String, String> changed, Set<String> removed, boolean replace,
            long ttlMillis) {
        long now = clock.millis();
        Outcome outcome = new Outcome();
        entries.compute(key.id(), (id, entry) -> step(entry, now, changed, removed, replace, outcome,
                merged -> new Live(merged, expiry(merged, now, ttlMillis))));
        if (outcome.applied) {
            return key;
        }
        refuseIfEndedOrTooLarge(outcome);
        return savedForGone(changed, ttlMillis);
    }

    private SessionKey renewed(SessionKey key, Map<String, String> changed, Set<String> removed, long ttlMillis) {
        long now = clock.millis();
        Outcome outcome = new Outcome();
        entries.compute(key.id(), (id, entry) -> step(entry, now, changed, removed, false, outcome, merged -> {
            outcome.moved = merged;
            return new Ended(now + graceMillis);
        }));
        if (!outcome.applied) {
            refuseIfEndedOrTooLarge(outcome);
            return savedForGone(changed, ttlMillis);
        }
        betweenRenewalSteps.run();
        SessionKey renewed = placed(new Live(outcome.moved, expiry(outcome.moved, now, ttlMillis)), now);
        if (renewed == null) {
            throw new UpdateException(Kind.OTHER, "every generated key was taken (" + SAVE_ATTEMPTS
                    + " attempts); the session's old key is ended and its state lost", null);
        }
        return renewed;
    }

    /**
     * The atomic step of a write: for a live session, the state with the changes applied, if it
     * fits the limits, goes to {@code then}, whose entry replaces the session's; anything else is
     * recorded in {@code outcome} and the entry stays (or goes, if it expired).
     */
    private Entry step(Entry entry, long now, Map<String, String> changed, Set<String> removed, boolean replace,
            Outcome outcome, Function<Map<String, String>, Entry> then) {
        if (!isLive(entry, now)) {
            outcome.ended = entry instanceof Ended && !isGone(entry, now);
            return isGone(entry, now) ? null : entry;
        }
        Map<String, String> merged;
        if (replace) {
            merged = changed;
        } else {
            Map<String, String> working = new HashMap<>(((Live) entry).state());
            working.keySet().removeAll(removed);
            working.putAll(changed);
            merged = Map.copyOf(working);
        }
        outcome.refusal = refusal(merged, changed.keySet());
        if (outcome.refusal != null) {
            return entry;
        }
        outcome.applied = true;
        return then.apply(merged);
    }

    private static void refuseIfEndedOrTooLarge(Outcome outcome) {
        if (outcome.ended) {
            throw new UpdateException(Kind.ENDED,
                    "the session was purged or renewed while this request was under way; nothing was stored", null);
        }
        if (outcome.refusal != null) {
            throw new UpdateException(Kind.SERIALIZATION, outcome.refusal, null);
        }
    }

    /** Saves the state of a session whose old key was gone, failing as an update. */
    private SessionKey savedForGone(Map<String, String> state, long ttlMillis) {
        return saved(state, ttlMillis, cause -> new UpdateException(cause.kind(),
                "the session was gone and saving its state under a new key failed: " + cause.getMessage(), cause));
    }

    // ---- time ----

    /** When a state written at {@code now} ends: its own idle timeout or {@code ttlMillis} later, or at its deadline. */
    private static long expiry(Map<String, String> state, long now, long ttlMillis) {
        long idle = ReservedKeys.idleTimeout(state).map(Duration::toMillis).orElse(ttlMillis);
        long expires = now > Long.MAX_VALUE - idle ? Long.MAX_VALUE : now + idle;
        Optional<Instant> deadline = ReservedKeys.instant(state, ReservedKeys.DEADLINE);
        return deadline.map(instant -> Math.min(expires, instant.toEpochMilli())).orElse(expires);
    }

    private static boolean isLive(Entry entry, long now) {
        return entry instanceof Live live && now < live.expiresAt();
    }

    /** Whether an entry is past its end (an expired session, a tombstone past its grace) or missing. */
    private static boolean isGone(Entry entry, long now) {
        if (entry == null) {
            return true;
        }
        return entry instanceof Live live ? now >= live.expiresAt() : now >= ((Ended) entry).until();
    }

    /** Drops every entry that is gone. */
    private void sweep(long now) {
        for (SessionId id : entries.keySet()) {
            entries.computeIfPresent(id, (key, entry) -> isGone(entry, now) ? null : entry);
        }
    }

    private static long millisRoundedUp(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    // ---- limits ----

    /**
     * Why {@code state} is refused, or null if it fits. The key named is, of the keys {@code
     * written} in sorted order, the first at which the unchanged keys plus those written so far
     * exceed a limit.
     */
    private String refusal(Map<String, String> state, Set<String> written) {
        long bytes = 0;
        int keys = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
            keys += ReservedKeys.isReserved(entry.getKey()) ? 0 : 1;
        }
        if (bytes <= maxStateBytes && keys <= maxEntries) {
            return null;
        }
        long runningBytes = 0;
        int runningKeys = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            if (!written.contains(entry.getKey())) {
                runningBytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
                runningKeys += ReservedKeys.isReserved(entry.getKey()) ? 0 : 1;
            }
        }
        String crossing = null;
        for (String key : new TreeSet<>(written)) {
            if (!state.containsKey(key)) {
                continue;
            }
            crossing = crossing == null ? key : crossing;
            runningBytes += utf8Length(key) + utf8Length(state.get(key));
            runningKeys += ReservedKeys.isReserved(key) ? 0 : 1;
            if (runningBytes > maxStateBytes || runningKeys > maxEntries) {
                crossing = key;
                break;
            }
        }
        String over = bytes > maxStateBytes
                ? bytes + " bytes (UTF-8 of its keys and values), more than the limit of " + maxStateBytes + " bytes"
                : keys + " keys, more than the limit of " + maxEntries + " keys";
        return "the session's state would take " + over
                + (crossing == null ? "" : "; the write of key '" + crossing + "' crossed it");
    }

    /** The length of {@code text} in UTF-8; the text has no unpaired surrogates (the arguments were checked). */
    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Options for an {@link InMemorySessionStore}. Not thread-safe; build once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration tombstoneGrace = DEFAULT_TOMBSTONE_GRACE;
        private long maxStateBytes = DEFAULT_MAX_STATE_BYTES;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private Runnable betweenRenewalSteps = () -> { };

        private Builder() {
        }

        /**
         * The clock the store decides everything by: expiry, deadlines, tombstones (default {@link
         * Clock#systemUTC()}). Give the same clock to {@code Sessions.builder().clock(..)}.
         *
         * @param clock the clock, typically a {@link TestClock}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a deleted or renewed session's old key stays refused before it is simply
         * unknown (default 60 seconds).
         *
         * @param grace positive, at most {@link SessionStore#MAX_TTL}
         * @return this builder
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder tombstoneGrace(Duration grace) {
            if (grace == null || grace.isZero() || grace.isNegative() || grace.compareTo(MAX_TTL) > 0) {
                throw new IllegalArgumentException("tombstoneGrace must be positive and at most "
                        + MAX_TTL.toDays() + " days, was " + grace);
            }
            this.tombstoneGrace = grace;
            return this;
        }

        /**
         * The most bytes one session's keys and values may take, counted in UTF-8 (default
         * {@value #DEFAULT_MAX_STATE_BYTES}). The Hazelcast store's limit of the same name counts
         * the bytes it stores, its format's own included, so it refuses a little earlier.
         *
         * @param maxStateBytes at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxStateBytes(long maxStateBytes) {
            if (maxStateBytes < 1) {
                throw new IllegalArgumentException("maxStateBytes must be at least 1, was " + maxStateBytes);
            }
            this.maxStateBytes = maxStateBytes;
            return this;
        }

        /**
         * The most keys one session's state may hold, Weft's reserved keys not counted (default
         * {@value #DEFAULT_MAX_ENTRIES}).
         *
         * @param maxEntries at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** For tests of this store: runs after a renewal took the state and ended the old key, before it stores the state under the new one. */
        Builder betweenRenewalSteps(Runnable hook) {
            this.betweenRenewalSteps = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Builds the store, empty.
         *
         * @return the store
         */
        public InMemorySessionStore build() {
            return new InMemorySessionStore(this);
        }
    }
}
