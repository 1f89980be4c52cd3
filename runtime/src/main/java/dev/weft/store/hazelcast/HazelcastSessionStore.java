package dev.weft.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.LoadException;
import dev.weft.store.SaveException;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreException;
import dev.weft.store.SessionStoreException.Kind;
import dev.weft.store.UpdateException;
import dev.weft.store.hazelcast.internal.SessionProcessor.ApplyDelta;
import dev.weft.store.hazelcast.internal.SessionProcessor.LoadAndResetTtl;
import dev.weft.store.hazelcast.internal.SessionProcessor.PutState;
import dev.weft.store.hazelcast.internal.SessionProcessor.ResetTtl;
import dev.weft.store.hazelcast.internal.StoredState;
import dev.weft.store.internal.StoreArguments;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SessionStore} over a Hazelcast {@link IMap}, shared by every member of the cluster.
 * Works over any {@link HazelcastInstance}, an embedded member or a client; every member that
 * holds the map needs {@code weft-runtime} on its class path, because writes run there as entry
 * processors.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every write ({@code save}, {@code update}, {@code updateDelta}, {@code updateTtl}) is one
 *       atomic entry operation on the key's partition owner, with the map's backups (one
 *       synchronous backup by default) updated before the stage completes.
 *   <li>Expiry is Hazelcast's per-entry TTL, set on every write. TTLs are kept in whole seconds,
 *       rounded up; a session lives at least its TTL after its last write or TTL update and at
 *       most one second longer.
 *   <li>A state is stored as one {@code byte[]} (a stamp, then each key and value as UTF-8 with
 *       its length), which Hazelcast serializes natively; nothing uses Java serialization. A
 *       state larger than {@link Builder#maxStateBytes} (the UTF-8 bytes of its keys and values;
 *       1 MiB by default) is refused and nothing is stored.
 *   <li>All operations are asynchronous; none blocks the caller or a Hazelcast thread. The
 *       returned stages may complete on a Hazelcast thread: attach blocking work to them only
 *       with an executor of your own ({@code thenApplyAsync(fn, executor)}).
 *   <li>{@link #blocking()} offers the same operations as calls that do the work on the calling
 *       thread, with the same guarantees. A caller that waits for the result anyway should use
 *       it: Hazelcast completes every asynchronous call on another thread (on a machine with two
 *       cores or fewer, a thread started for that one call), which the blocking calls avoid.
 * </ul>
 */
public final class HazelcastSessionStore implements SessionStore {

    /** The map sessions live in unless another name is given. */
    public static final String DEFAULT_MAP_NAME = "weft.sessions";

    /** The default size limit of one session's state: 1 MiB. */
    public static final long DEFAULT_MAX_STATE_BYTES = 1024 * 1024;

    /** The default {@link Builder#ttlExtensionWindow}: 1% of the TTL. */
    public static final double DEFAULT_TTL_EXTENSION_WINDOW = 0.01;

    /** Attempts to find a free key before {@code save} gives up; a collision is ~2^-381 likely. */
    private static final int SAVE_ATTEMPTS = 8;

    /** How often the blocking view makes a call again after interrupts cut its wait short. */
    private static final int INTERRUPTED_ATTEMPTS = 10;

    /**
     * Runs the store's own continuations (decoding, mapping failures, the next step of a save) on
     * the thread that completes the Hazelcast future. They are short and never block. Without it,
     * Hazelcast runs them on its default executor, which on a machine with 2 cores or fewer (a
     * common pool of parallelism 1) starts a new thread for every continuation.
     */
    private static final Executor ON_COMPLETING_THREAD = Runnable::run;

    /**
     * Where a continuation that must call Hazelcast again (a save after an update found its
     * session gone, a save retried with a fresh key) runs: not on the completing thread, which may
     * be a partition thread that must not invoke operations. These paths are rare.
     */
    private static final Executor FOLLOW_UPS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "weft-store-follow-up");
        thread.setDaemon(true);
        return thread;
    });

    private final IMap<String, Object> map;
    private final long maxStateBytes;
    private final double ttlExtensionWindow;
    private final Supplier<SessionKey> keys;
    private final BlockingSessionStore blocking = new Blocking();

    /**
     * A store over the map {@value #DEFAULT_MAP_NAME}.
     *
     * @param hazelcast a member or client
     */
    public HazelcastSessionStore(HazelcastInstance hazelcast) {
        this(builder(hazelcast));
    }

    /**
     * A store over the named map.
     *
     * @param hazelcast a member or client
     * @param mapName the map's name
     */
    public HazelcastSessionStore(HazelcastInstance hazelcast, String mapName) {
        this(builder(hazelcast).mapName(mapName));
    }

    private HazelcastSessionStore(Builder builder) {
        this.map = builder.hazelcast.getMap(builder.mapName);
        this.maxStateBytes = builder.maxStateBytes;
        this.ttlExtensionWindow = builder.ttlExtensionWindow;
        this.keys = builder.keys;
    }

    /**
     * Starts a builder for a store with more options than the constructors offer.
     *
     * @param hazelcast a member or client
     * @return a builder with the defaults: map {@value #DEFAULT_MAP_NAME}, 1 MiB size limit
     */
    public static Builder builder(HazelcastInstance hazelcast) {
        return new Builder(hazelcast);
    }

    /** The name of the map this store keeps sessions in. */
    public String mapName() {
        return map.getName();
    }

    @Override
    public String toString() {
        return "HazelcastSessionStore[map=" + map.getName() + "]";
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return decoded(map.getAsync(key.value()));
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
        Objects.requireNonNull(key, "key must not be null");
        return decoded(map.submitToKey(key.value(), loadAndResetTtl(ttl)));
    }

    private LoadAndResetTtl loadAndResetTtl(Duration ttl) {
        long ttlMillis = StoredState.hazelcastTtlMillis(StoreArguments.requireTtl(ttl));
        long windowMillis = (long) (ttl.toMillis() * ttlExtensionWindow);
        return new LoadAndResetTtl(ttlMillis, windowMillis);
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        StoreArguments.requireState(state);
        long ttlMillis = StoredState.hazelcastTtlMillis(StoreArguments.requireTtl(ttl));
        long size = StoredState.size(state);
        if (size > maxStateBytes) {
            return CompletableFuture.failedFuture(new SaveException(Kind.SERIALIZATION, tooLarge(size), null));
        }
        byte[] pairs = StoredState.encode(state);
        return saveNew(pairs, ttlMillis, 1);
    }

    private CompletionStage<SessionKey> saveNew(byte[] pairs, long ttlMillis, int attempt) {
        SessionKey key = keys.get();
        CompletionStage<Boolean> stored = failingWith(
                map.submitToKey(key.value(), new PutState(pairs, false, ttlMillis)),
                HazelcastSessionStore::saveFailure);
        return stored.thenComposeAsync(saved -> {
            if (saved) {
                return CompletableFuture.completedFuture(key);
            }
            if (attempt < SAVE_ATTEMPTS) {
                return followUp(() -> saveNew(pairs, ttlMillis, attempt + 1));
            }
            return CompletableFuture.failedFuture(everyKeyTaken());
        }, ON_COMPLETING_THREAD);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
        StoreArguments.requireState(state);
        long ttlMillis = StoredState.hazelcastTtlMillis(StoreArguments.requireTtl(ttl));
        long size = StoredState.size(state);
        if (size > maxStateBytes) {
            return CompletableFuture.failedFuture(new UpdateException(Kind.SERIALIZATION,
                    tooLarge(size), null));
        }
        byte[] pairs = StoredState.encode(state);
        CompletionStage<Boolean> replaced = failingWith(
                map.submitToKey(key.value(), new PutState(pairs, true, ttlMillis)),
                HazelcastSessionStore::updateFailure);
        return replaced.thenComposeAsync(present -> present
                ? CompletableFuture.completedFuture(key)
                : followUp(() -> savedAsUpdate(pairs, ttlMillis)), ON_COMPLETING_THREAD);
    }

    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed,
            Set<String> removed, Duration ttl) {
        StoreArguments.requireDelta(key, changed, removed, ttl);
        long ttlMillis = StoredState.hazelcastTtlMillis(ttl);
        long changedSize = StoredState.size(changed);
        if (changedSize > maxStateBytes) {
            return CompletableFuture.failedFuture(new UpdateException(Kind.SERIALIZATION,
                    tooLarge(changedSize), null));
        }
        byte[] changedPairs = StoredState.encode(changed);
        byte[] removedKeys = StoredState.encodeKeys(removed);
        CompletionStage<Long> applied = failingWith(
                map.submitToKey(key.value(), new ApplyDelta(changedPairs, removedKeys, maxStateBytes, ttlMillis)),
                HazelcastSessionStore::updateFailure);
        return applied.thenComposeAsync(result -> {
            if (result == ApplyDelta.ABSENT) {
                return followUp(() -> savedAsUpdate(changedPairs, ttlMillis));
            }
            UpdateException refused = deltaRefused(result);
            return refused == null ? CompletableFuture.completedFuture(key) : CompletableFuture.failedFuture(refused);
        }, ON_COMPLETING_THREAD);
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
        long ttlMillis = StoredState.hazelcastTtlMillis(StoreArguments.requireTtl(ttl));
        return failingWith(map.submitToKey(key.value(), new ResetTtl(ttlMillis)),
                HazelcastSessionStore::updateTtlFailure);
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return failingWith(map.deleteAsync(key.value()), HazelcastSessionStore::deleteFailure)
                .thenApplyAsync(deleted -> null, ON_COMPLETING_THREAD);
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

    private static <T> CompletionStage<T> followUp(Supplier<CompletionStage<T>> call) {
        return CompletableFuture.supplyAsync(call, FOLLOW_UPS).thenCompose(Function.identity());
    }

    /** Saves the state of a session whose old key was gone, reporting failures as an update's. */
    private CompletionStage<SessionKey> savedAsUpdate(byte[] pairs, long ttlMillis) {
        return failingWith(saveNew(pairs, ttlMillis, 1), HazelcastSessionStore::goneAndNotSaved);
    }

    private static CompletionStage<Optional<Map<String, String>>> decoded(CompletionStage<Object> stored) {
        return stored.handleAsync((value, failure) -> {
            if (failure != null) {
                throw loadFailure(StoreArguments.unwrap(failure));
            }
            return decoded(value);
        }, ON_COMPLETING_THREAD);
    }

    private static Optional<Map<String, String>> decoded(Object stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoredState.decode(stored));
        } catch (IllegalArgumentException malformed) {
            throw new LoadException(Kind.DESERIALIZATION, malformed.getMessage() + "; it was left as it is", malformed);
        }
    }

    /** Why a finished delta did not apply, or null if it did. */
    private UpdateException deltaRefused(long result) {
        if (result == ApplyDelta.UNREADABLE) {
            return new UpdateException(Kind.DESERIALIZATION,
                    "the stored session is not a state written by Weft; it was left as it is", null);
        }
        if (result > maxStateBytes) {
            return new UpdateException(Kind.SERIALIZATION, tooLarge(result), null);
        }
        return null;
    }

    private String tooLarge(long size) {
        return "session state is " + size + " bytes encoded, more than the limit of "
                + maxStateBytes + " bytes";
    }

    private static LoadException loadFailure(Throwable cause) {
        if (cause instanceof HazelcastSerializationException) {
            return new LoadException(Kind.DESERIALIZATION,
                    "the stored session cannot be deserialized; it was left as it is", cause);
        }
        return new LoadException(Kind.OTHER, "could not load the session", cause);
    }

    private static SaveException saveFailure(Throwable cause) {
        return new SaveException(Kind.OTHER, "could not save the session", cause);
    }

    private static SaveException everyKeyTaken() {
        return new SaveException(Kind.OTHER, "every generated key was taken (" + SAVE_ATTEMPTS + " attempts)", null);
    }

    private static UpdateException updateFailure(Throwable cause) {
        return new UpdateException(Kind.OTHER, "could not update the session", cause);
    }

    private static UpdateException goneAndNotSaved(Throwable cause) {
        return new UpdateException(
                cause instanceof SessionStoreException ? ((SessionStoreException) cause).kind() : Kind.OTHER,
                "the session was gone and saving its state under a new key failed", cause);
    }

    private static SessionStoreException updateTtlFailure(Throwable cause) {
        return new SessionStoreException(Kind.OTHER, "could not update the session's TTL", cause);
    }

    private static SessionStoreException deleteFailure(Throwable cause) {
        return new SessionStoreException(Kind.OTHER, "could not delete the session", cause);
    }

    /**
     * Makes {@code call} the way {@link CompletableFuture#join()} waits: an interrupt does not cut it
     * short. The thread's interrupt flag is cleared for the call and set again afterwards. A
     * synchronous Hazelcast call that an interrupt reaches while it waits gives up waiting although
     * its operation may have run, so such a call is made again: each call the blocking view makes
     * ends in the same state when made twice (a load, a TTL reset, a delete, a replace or a delta of
     * the same values, and a save under the same key, which {@code PutState} accepts when the key
     * already holds exactly this state).
     */
    private static <T> T uninterruptibly(Supplier<T> call, Function<Throwable, ? extends SessionStoreException> failure) {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return call.get();
                } catch (Exception e) { // Hazelcast may rethrow a checked exception unchecked
                    if (!causedByInterrupt(e) || attempt == INTERRUPTED_ATTEMPTS) {
                        throw failure.apply(e);
                    }
                    interrupted = true;
                    Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean causedByInterrupt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The operations through Hazelcast's synchronous API: the same entry operations, checks and
     * results as the asynchronous forms, without a hand-off to another thread. Like a wait for a
     * stage with {@code join()}, no call gives up when the thread is interrupted; the interrupt
     * flag is kept for the caller.
     */
    private final class Blocking implements BlockingSessionStore {

        @Override
        public Optional<Map<String, String>> load(SessionKey key) {
            Objects.requireNonNull(key, "key must not be null");
            return decoded(uninterruptibly(() -> map.get(key.value()), HazelcastSessionStore::loadFailure));
        }

        @Override
        public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
            Objects.requireNonNull(key, "key must not be null");
            LoadAndResetTtl processor = loadAndResetTtl(ttl);
            return decoded(uninterruptibly(() -> map.executeOnKey(key.value(), processor),
                    HazelcastSessionStore::loadFailure));
        }

        @Override
        public SessionKey save(Map<String, String> state, Duration ttl) {
            StoreArguments.requireState(state);
            long ttlMillis = StoredState.hazelcastTtlMillis(StoreArguments.requireTtl(ttl));
            long size = StoredState.size(state);
            if (size > maxStateBytes) {
                throw new SaveException(Kind.SERIALIZATION, tooLarge(size), null);
            }
            byte[] pairs = StoredState.encode(state);
            return saveNew(pairs, ttlMillis);
        }

        private SessionKey saveNew(byte[] pairs, long ttlMillis) {
            for (int attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
                SessionKey key = keys.get();
                PutState put = new PutState(pairs, false, ttlMillis);
                if (uninterruptibly(() -> map.executeOnKey(key.value(), put), HazelcastSessionStore::saveFailure)) {
                    return key;
                }
            }
            throw everyKeyTaken();
        }

        @Override
        public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
            Objects.requireNonNull(key, "key must not be null");
            StoreArguments.requireState(state);
            long ttlMillis = StoredState.hazelcastTtlMillis(StoreArguments.requireTtl(ttl));
            long size = StoredState.size(state);
            if (size > maxStateBytes) {
                throw new UpdateException(Kind.SERIALIZATION, tooLarge(size), null);
            }
            byte[] pairs = StoredState.encode(state);
            PutState put = new PutState(pairs, true, ttlMillis);
            boolean present = uninterruptibly(() -> map.executeOnKey(key.value(), put),
                    HazelcastSessionStore::updateFailure);
            return present ? key : savedAsUpdate(pairs, ttlMillis);
        }

        @Override
        public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                Duration ttl) {
            StoreArguments.requireDelta(key, changed, removed, ttl);
            long ttlMillis = StoredState.hazelcastTtlMillis(ttl);
            long changedSize = StoredState.size(changed);
            if (changedSize > maxStateBytes) {
                throw new UpdateException(Kind.SERIALIZATION, tooLarge(changedSize), null);
            }
            byte[] changedPairs = StoredState.encode(changed);
            ApplyDelta delta = new ApplyDelta(changedPairs, StoredState.encodeKeys(removed), maxStateBytes, ttlMillis);
            long result = uninterruptibly(() -> map.executeOnKey(key.value(), delta),
                    HazelcastSessionStore::updateFailure);
            if (result == ApplyDelta.ABSENT) {
                return savedAsUpdate(changedPairs, ttlMillis);
            }
            UpdateException refused = deltaRefused(result);
            if (refused != null) {
                throw refused;
            }
            return key;
        }

        private SessionKey savedAsUpdate(byte[] pairs, long ttlMillis) {
            try {
                return saveNew(pairs, ttlMillis);
            } catch (SaveException e) {
                throw goneAndNotSaved(e);
            }
        }

        @Override
        public void updateTtl(SessionKey key, Duration ttl) {
            Objects.requireNonNull(key, "key must not be null");
            long ttlMillis = StoredState.hazelcastTtlMillis(StoreArguments.requireTtl(ttl));
            ResetTtl reset = new ResetTtl(ttlMillis);
            uninterruptibly(() -> map.executeOnKey(key.value(), reset), HazelcastSessionStore::updateTtlFailure);
        }

        @Override
        public void delete(SessionKey key) {
            Objects.requireNonNull(key, "key must not be null");
            uninterruptibly(() -> {
                map.delete(key.value());
                return null;
            }, HazelcastSessionStore::deleteFailure);
        }

        @Override
        public String toString() {
            return "blocking view of " + HazelcastSessionStore.this;
        }
    }

    /** Completes exceptionally with {@code wrap(cause)} where {@code stage} fails. */
    private static <T> CompletionStage<T> failingWith(CompletionStage<T> stage,
            Function<Throwable, SessionStoreException> wrap) {
        return stage.handleAsync((value, failure) -> {
            if (failure == null) {
                return value;
            }
            throw wrap.apply(StoreArguments.unwrap(failure));
        }, ON_COMPLETING_THREAD);
    }

    /** Options for a {@link HazelcastSessionStore}. Not thread-safe; build once. */
    public static final class Builder {
        private final HazelcastInstance hazelcast;
        private String mapName = DEFAULT_MAP_NAME;
        private long maxStateBytes = DEFAULT_MAX_STATE_BYTES;
        private double ttlExtensionWindow = DEFAULT_TTL_EXTENSION_WINDOW;
        private Supplier<SessionKey> keys = SessionKey::generate;

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
         * The largest state a session may have, in UTF-8 bytes of its keys and values; larger
         * saves and updates fail with kind {@code SERIALIZATION} and store nothing.
         *
         * @param maxStateBytes at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxStateBytes} is less than 1
         */
        public Builder maxStateBytes(long maxStateBytes) {
            if (maxStateBytes < 1) {
                throw new IllegalArgumentException("maxStateBytes must be at least 1, was " + maxStateBytes);
            }
            this.maxStateBytes = maxStateBytes;
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

        /** Where new keys come from; tests use it to place keys on a chosen member. */
        Builder keys(Supplier<SessionKey> keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Builds the store. */
        public HazelcastSessionStore build() {
            return new HazelcastSessionStore(this);
        }
    }
}
