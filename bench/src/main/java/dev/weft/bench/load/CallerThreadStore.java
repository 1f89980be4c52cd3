package dev.weft.bench.load;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.store.hazelcast.internal.SessionProcessor.ApplyDelta;
import dev.weft.store.hazelcast.internal.SessionProcessor.LoadAndResetTtl;
import dev.weft.store.hazelcast.internal.StoredState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * <b>An experiment, not a shipped store.</b> The Hazelcast store's three hot operations with the
 * same entry processors and the same map, but called synchronously ({@code IMap.get},
 * {@code executeOnKey}) and decoded on the calling thread, instead of through dependent stages of
 * Hazelcast's futures (which Hazelcast runs on {@code ForkJoinPool.commonPool()}, or on a new thread
 * per callback when the common pool has parallelism 1, as on two cores). Everything else, and every
 * unusual case (a missing session, an over-large state), goes to the real store.
 */
final class CallerThreadStore implements SessionStore {

    private final SessionStore real;
    private final IMap<String, Object> map;
    private final boolean noIdleBackup;

    /**
     * @param noIdleBackup whether loads use {@link LoadWithoutIdleBackup} (no backup when the TTL
     *     reset is skipped) instead of the runtime's processor
     */
    CallerThreadStore(HazelcastInstance hazelcast, String mapName, boolean noIdleBackup) {
        this.real = new HazelcastSessionStore(hazelcast, mapName);
        this.map = hazelcast.getMap(mapName);
        this.noIdleBackup = noIdleBackup;
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return decoded(map.get(key.value()));
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        long ttlMillis = StoredState.hazelcastTtlMillis(ttl);
        long windowMillis = (long) (ttl.toMillis() * HazelcastSessionStore.DEFAULT_TTL_EXTENSION_WINDOW);
        return decoded(map.executeOnKey(key.value(), noIdleBackup ? new LoadWithoutIdleBackup(ttlMillis, windowMillis)
                : new LoadAndResetTtl(ttlMillis, windowMillis)));
    }

    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        long result = map.executeOnKey(key.value(), new ApplyDelta(StoredState.encode(changed),
                removed.toArray(new String[0]), HazelcastSessionStore.DEFAULT_MAX_STATE_BYTES,
                StoredState.hazelcastTtlMillis(ttl)));
        if (result >= 0 && result <= HazelcastSessionStore.DEFAULT_MAX_STATE_BYTES) {
            return CompletableFuture.completedFuture(key);
        }
        return real.updateDelta(key, changed, removed, ttl);
    }

    private static CompletionStage<Optional<Map<String, String>>> decoded(Object stored) {
        return CompletableFuture.completedFuture(stored == null ? Optional.empty()
                : Optional.of(StoredState.decode(stored)));
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        return real.save(state, ttl);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        return real.update(key, state, ttl);
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        return real.updateTtl(key, ttl);
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        return real.delete(key);
    }
}
