package dev.weft.servlet.testing;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SaveException;
import dev.weft.store.SessionStoreException;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real store that records the writes scopes make (through {@link #blocking()}), to count commits. */
public final class CountingStore implements SessionStore {

    private final SessionStore store;
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failNextWrite = new AtomicBoolean();

    public CountingStore(SessionStore store) {
        this.store = store;
    }

    /** The writes since the last {@link #reset()}: save, updateDelta, renew, delete. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    public void reset() {
        writes.clear();
    }

    /** Makes the next write fail as an unreachable store would ({@code OTHER}). */
    public void failNextWrite() {
        failNextWrite.set(true);
    }

    private void write(String name) {
        writes.add(name);
        if (failNextWrite.compareAndSet(true, false)) {
            throw new SaveException(SessionStoreException.Kind.OTHER, "the store is unreachable (a test says so)", null);
        }
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return store.load(key);
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        return store.save(state, ttl);
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        return store.update(key, state, ttl);
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
    public BlockingSessionStore blocking() {
        BlockingSessionStore real = store.blocking();
        return new BlockingSessionStore() {
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
                write("save");
                return real.save(state, ttl);
            }

            @Override
            public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
                write("update");
                return real.update(key, state, ttl);
            }

            @Override
            public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                    Duration ttl) {
                write("updateDelta");
                return real.updateDelta(key, changed, removed, ttl);
            }

            @Override
            public void updateTtl(SessionKey key, Duration ttl) {
                real.updateTtl(key, ttl);
            }

            @Override
            public void delete(SessionKey key) {
                write("delete");
                real.delete(key);
            }

            @Override
            public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
                write("renew");
                return real.renew(key, changed, removed, ttl);
            }
        };
    }
}
