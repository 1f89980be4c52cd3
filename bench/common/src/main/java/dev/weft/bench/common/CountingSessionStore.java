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
 * trip of the Hazelcast store, in its stages and in its blocking view alike.
 *
 * <p>The calls it does not count ({@code sessionsOf}, {@code endSessionsOf}, {@code
 * subscribeToExpiry}, {@code localEntryCount}) are passed on to the real store only when asked
 * ({@link #passingAll}); otherwise ({@link #entryOperationsOnly}) they keep {@link SessionStore}'s
 * defaults, which refuse them or answer empty, as {@code bench/}'s load driver has always run.
 */
public final class CountingSessionStore implements SessionStore {

    private final SessionStore store;
    private final boolean passOnUncounted;

    private CountingSessionStore(SessionStore store, boolean passOnUncounted) {
        this.store = store;
        this.passOnUncounted = passOnUncounted;
    }

    /** Counts {@code store}'s entry operations and passes every other call on to it. */
    public static CountingSessionStore passingAll(SessionStore store) {
        return new CountingSessionStore(store, true);
    }

    /**
     * Counts {@code store}'s entry operations; the principal, expiry and entry-count calls are not
     * passed on and keep {@link SessionStore}'s defaults (a session listener's expiry subscription is
     * refused, with a warning from {@code Sessions}).
     */
    public static CountingSessionStore entryOperationsOnly(SessionStore store) {
        return new CountingSessionStore(store, false);
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
        return passOnUncounted ? store.sessionsOf(principal) : SessionStore.super.sessionsOf(principal);
    }

    @Override
    public CompletionStage<List<SessionId>> endSessionsOf(String principal) {
        return passOnUncounted ? store.endSessionsOf(principal) : SessionStore.super.endSessionsOf(principal);
    }

    @Override
    public AutoCloseable subscribeToExpiry(ExpiryListener listener, Executor executor) {
        return passOnUncounted ? store.subscribeToExpiry(listener, executor)
                : SessionStore.super.subscribeToExpiry(listener, executor);
    }

    @Override
    public OptionalLong localEntryCount() {
        return passOnUncounted ? store.localEntryCount() : SessionStore.super.localEntryCount();
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
