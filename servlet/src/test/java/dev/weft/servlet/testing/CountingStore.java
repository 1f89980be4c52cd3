package dev.weft.servlet.testing;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SaveException;
import dev.weft.store.SessionStoreException;
import dev.weft.store.SessionId;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A real store that records the writes scopes make (through {@link #blocking()}), each with the
 * session it was for, to count commits. Work done after a response was complete may reach the
 * store after its test ended: tests count the writes of their own sessions only.
 */
public final class CountingStore implements SessionStore {

    /** A write: save, update, updateDelta, renew or delete, and the session it was for (a save: the one it made). */
    private record Write(String operation, SessionId session) {
    }

    private final SessionStore store;
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failNextWrite = new AtomicBoolean();

    public CountingStore(SessionStore store) {
        this.store = store;
    }

    /**
     * The writes since the last {@link #reset()} for the sessions these keys name (a renewal is
     * counted under its old key, what follows under the new), in order: save, updateDelta, renew,
     * delete.
     */
    public List<String> writes(String... keys) {
        Set<SessionId> sessions = Arrays.stream(keys).map(key -> SessionKey.parse(key).id()).collect(Collectors.toSet());
        return writes.stream().filter(write -> sessions.contains(write.session())).map(Write::operation).toList();
    }

    /** How many sessions were saved (created) since the last {@link #reset()}. */
    public long saves() {
        return writes.stream().filter(write -> write.operation().equals("save")).count();
    }

    public void reset() {
        writes.clear();
    }

    /** Makes the next write fail as an unreachable store would ({@code OTHER}). */
    public void failNextWrite() {
        failNextWrite.set(true);
    }

    private void failIfAsked() {
        if (failNextWrite.compareAndSet(true, false)) {
            throw new SaveException(SessionStoreException.Kind.OTHER, "the store is unreachable (a test says so)", null);
        }
    }

    private void write(String operation, SessionKey key) {
        writes.add(new Write(operation, key.id()));
        failIfAsked();
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
                failIfAsked();
                SessionKey saved = real.save(state, ttl);
                writes.add(new Write("save", saved.id()));
                return saved;
            }

            @Override
            public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
                write("update", key);
                return real.update(key, state, ttl);
            }

            @Override
            public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
                    Duration ttl) {
                write("updateDelta", key);
                return real.updateDelta(key, changed, removed, ttl);
            }

            @Override
            public void updateTtl(SessionKey key, Duration ttl) {
                real.updateTtl(key, ttl);
            }

            @Override
            public void delete(SessionKey key) {
                write("delete", key);
                real.delete(key);
            }

            @Override
            public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
                write("renew", key);
                return real.renew(key, changed, removed, ttl);
            }
        };
    }
}
