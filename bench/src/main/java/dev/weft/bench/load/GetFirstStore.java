package dev.weft.bench.load;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.weft.bench.common.OpCounter;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.store.hazelcast.internal.StoredState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * <b>An experiment, not a shipped store:</b> the second way issue 6 names to extend the TTL on a
 * read. {@code loadAndUpdateTtl} reads the entry with a plain {@code IMap.get} and, only when its
 * stamp says the TTL was set more than the window ago, resets it with a second call (the store's
 * {@code updateTtl}, an entry operation that writes the entry and its backup). The same window rule
 * as the shipped store (1% of the TTL), so the same expiry guarantee; it trades the shipped store's
 * one entry operation per read for a cheaper read plus, sometimes, a second round trip. Everything
 * else goes to the shipped store.
 */
final class GetFirstStore implements SessionStore {

    private final HazelcastSessionStore real;
    private final IMap<byte[], Object> map;

    GetFirstStore(HazelcastInstance hazelcast, String mapName) {
        this.real = new HazelcastSessionStore(hazelcast, mapName);
        this.map = hazelcast.getMap(mapName);
    }

    @Override
    public BlockingSessionStore blocking() {
        BlockingSessionStore shipped = real.blocking();
        return new BlockingSessionStore() {
            @Override
            public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
                Object stored = map.get(key.id().toBytes());
                if (stored == null) {
                    return Optional.empty();
                }
                Map<String, String> state = StoredState.decode(stored);
                long window = (long) (ttl.toMillis() * HazelcastSessionStore.DEFAULT_TTL_EXTENSION_WINDOW);
                if (System.currentTimeMillis() - StoredState.stamp((byte[]) stored) >= window) {
                    OpCounter.count(); // the second round trip of this load
                    shipped.updateTtl(key, ttl);
                }
                return Optional.of(state);
            }

            @Override
            public Optional<Map<String, String>> load(SessionKey key) {
                return shipped.load(key);
            }

            @Override
            public SessionKey save(Map<String, String> state, Duration ttl) {
                return shipped.save(state, ttl);
            }

            @Override
            public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
                return shipped.update(key, state, ttl);
            }

            @Override
            public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                    Duration ttl) {
                return shipped.updateDelta(key, changed, removed, ttl);
            }

            @Override
            public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
                return shipped.renew(key, changed, removed, ttl);
            }

            @Override
            public void updateTtl(SessionKey key, Duration ttl) {
                shipped.updateTtl(key, ttl);
            }

            @Override
            public void delete(SessionKey key) {
                shipped.delete(key);
            }
        };
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return real.load(key);
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
