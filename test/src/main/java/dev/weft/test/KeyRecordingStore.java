package dev.weft.test;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.ExpiryListener;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A test's store as its {@code Sessions} use it: every call goes to the real store, and every key
 * the store answers a write with is remembered, so that {@link StoredSessions} can list the
 * sessions a test stored. A store keeps only digests of keys, so the keys can be known only here.
 * Every operation of {@link SessionStore} is passed on, so that the test's sessions can do whatever
 * the real store can (find sessions by principal, hear of expiries, count entries), and fail as it
 * fails where it cannot. Not {@link AutoCloseable}: closing the test's {@code Sessions} leaves the
 * store, and the member under it, to the extension.
 */
final class KeyRecordingStore implements SessionStore {

    private final SessionStore store;
    private final BlockingSessionStore blocking;
    private final Set<SessionKey> keys = new LinkedHashSet<>();

    KeyRecordingStore(SessionStore store) {
        this.store = store;
        this.blocking = new Blocking(store.blocking());
    }

    /** The store itself. */
    SessionStore store() {
        return store;
    }

    /** Every key a write answered with, in the order first seen. */
    synchronized List<SessionKey> keys() {
        return List.copyOf(keys);
    }

    private synchronized SessionKey record(SessionKey key) {
        keys.add(key);
        return key;
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return store.load(key);
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        return store.loadAndUpdateTtl(key, ttl);
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        return store.save(state, ttl).thenApply(this::record);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        return store.update(key, state, ttl).thenApply(this::record);
    }

    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        return store.updateDelta(key, changed, removed, ttl).thenApply(this::record);
    }

    @Override
    public CompletionStage<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        return store.renew(key, changed, removed, ttl).thenApply(this::record);
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        return store.updateTtl(key, ttl);
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        return store.delete(key);
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

    @Override
    public BlockingSessionStore blocking() {
        return blocking;
    }

    @Override
    public String toString() {
        return "recording view of " + store;
    }

    /** The real store's blocking view, remembering keys as the stages do. */
    private final class Blocking implements BlockingSessionStore {
        private final BlockingSessionStore real;

        Blocking(BlockingSessionStore real) {
            this.real = real;
        }

        @Override
        public Optional<Map<String, String>> load(SessionKey key) {
            return real.load(key);
        }

        @Override
        public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
            return real.loadAndUpdateTtl(key, ttl);
        }

        @Override
        public SessionKey save(Map<String, String> state, Duration ttl) {
            return record(real.save(state, ttl));
        }

        @Override
        public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
            return record(real.update(key, state, ttl));
        }

        @Override
        public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
            return record(real.updateDelta(key, changed, removed, ttl));
        }

        @Override
        public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
            return record(real.renew(key, changed, removed, ttl));
        }

        @Override
        public void updateTtl(SessionKey key, Duration ttl) {
            real.updateTtl(key, ttl);
        }

        @Override
        public void delete(SessionKey key) {
            real.delete(key);
        }
    }
}
