package dev.weft.testing;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps a real store and records every operation's name, so tests can count round trips. Calls
 * through the stages and through {@link #blocking()} (which scopes use) are recorded alike.
 */
public final class CountingStore implements SessionStore {

    private final SessionStore store;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public CountingStore(SessionStore store) {
        this.store = store;
    }

    /** The operations called since the last {@link #reset()}, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public void reset() {
        calls.clear();
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        calls.add("load");
        return store.load(key);
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        calls.add("loadAndUpdateTtl");
        return store.loadAndUpdateTtl(key, ttl);
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        calls.add("save");
        return store.save(state, ttl);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        calls.add("update");
        return store.update(key, state, ttl);
    }

    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed,
            Set<String> removed, Duration ttl) {
        calls.add("updateDelta");
        return store.updateDelta(key, changed, removed, ttl);
    }

    @Override
    public CompletionStage<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        calls.add("renew");
        return store.renew(key, changed, removed, ttl);
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        calls.add("updateTtl");
        return store.updateTtl(key, ttl);
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        calls.add("delete");
        return store.delete(key);
    }

    /** The real store's blocking view, counted under the same names as the stages. */
    @Override
    public BlockingSessionStore blocking() {
        BlockingSessionStore real = store.blocking();
        return new BlockingSessionStore() {
            @Override
            public Optional<Map<String, String>> load(SessionKey key) {
                calls.add("load");
                return real.load(key);
            }

            @Override
            public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
                calls.add("loadAndUpdateTtl");
                return real.loadAndUpdateTtl(key, ttl);
            }

            @Override
            public SessionKey save(Map<String, String> state, Duration ttl) {
                calls.add("save");
                return real.save(state, ttl);
            }

            @Override
            public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
                calls.add("update");
                return real.update(key, state, ttl);
            }

            @Override
            public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                    Duration ttl) {
                calls.add("updateDelta");
                return real.updateDelta(key, changed, removed, ttl);
            }

            @Override
            public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
                calls.add("renew");
                return real.renew(key, changed, removed, ttl);
            }

            @Override
            public void updateTtl(SessionKey key, Duration ttl) {
                calls.add("updateTtl");
                real.updateTtl(key, ttl);
            }

            @Override
            public void delete(SessionKey key) {
                calls.add("delete");
                real.delete(key);
            }
        };
    }
}
