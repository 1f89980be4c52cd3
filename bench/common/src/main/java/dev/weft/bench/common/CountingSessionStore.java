package dev.weft.bench.common;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.ExpiryListener;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A {@link SessionStore} that counts ({@link OpCounter}) every entry operation: each is one round
 * trip of the Hazelcast store, in its stages and in its blocking view alike. The calls it does not
 * count ({@code sessionsOf}, {@code endSessionsOf}, {@code subscribeToExpiry}, {@code
 * localEntryCount}) are passed on to the real store, so that a system measured through it runs
 * with everything it was built with (a session listener's expiry subscription, the metrics' entry
 * count).
 */
public final class CountingSessionStore implements SessionStore {

    private final SessionStore store;

    /** Counts {@code store}'s entry operations and passes every other call on to it. */
    public CountingSessionStore(SessionStore store) {
        this.store = store;
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        OpCounter.count();
        return store.load(key);
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        OpCounter.count();
        return store.loadAndUpdateTtl(key, ttl);
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        OpCounter.count();
        return store.save(state, ttl);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        OpCounter.count();
        return store.update(key, state, ttl);
    }

    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed,
            Set<String> removed, Duration ttl) {
        OpCounter.count();
        return store.updateDelta(key, changed, removed, ttl);
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        OpCounter.count();
        return store.updateTtl(key, ttl);
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        OpCounter.count();
        return store.delete(key);
    }

    @Override
    public CompletionStage<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        OpCounter.count();
        return store.renew(key, changed, removed, ttl);
    }

    @Override
    public CompletionStage<List<SessionInfo>> sessionsOf(String principal) {
        return store.sessionsOf(principal);
    }

    @Override
    public CompletionStage<List<SessionId>> endSessionsOf(String principal) {
        return store.endSessionsOf(principal);
    }

    @Override
    public AutoCloseable subscribeToExpiry(ExpiryListener listener, Executor executor) {
        return store.subscribeToExpiry(listener, executor);
    }

    @Override
    public OptionalLong localEntryCount() {
        return store.localEntryCount();
    }

    /** The real store's blocking view (what scopes call), counted like the stages. */
    @Override
    public BlockingSessionStore blocking() {
        BlockingSessionStore real = store.blocking();
        return new BlockingSessionStore() {
            @Override
            public Optional<Map<String, String>> load(SessionKey key) {
                OpCounter.count();
                return real.load(key);
            }

            @Override
            public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
                OpCounter.count();
                return real.loadAndUpdateTtl(key, ttl);
            }

            @Override
            public SessionKey save(Map<String, String> state, Duration ttl) {
                OpCounter.count();
                return real.save(state, ttl);
            }

            @Override
            public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
                OpCounter.count();
                return real.update(key, state, ttl);
            }

            @Override
            public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                    Duration ttl) {
                OpCounter.count();
                return real.updateDelta(key, changed, removed, ttl);
            }

            @Override
            public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
                OpCounter.count();
                return real.renew(key, changed, removed, ttl);
            }

            @Override
            public void updateTtl(SessionKey key, Duration ttl) {
                OpCounter.count();
                real.updateTtl(key, ttl);
            }

            @Override
            public void delete(SessionKey key) {
                OpCounter.count();
                real.delete(key);
            }
        };
    }
}
