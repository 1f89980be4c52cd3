package dev.weft.store;

import dev.weft.store.internal.Failures;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The default {@link SessionStore#blocking()}: calls the store and waits for its stage. */
final class AwaitingSessionStore implements BlockingSessionStore {

    private final SessionStore store;

    AwaitingSessionStore(SessionStore store) {
        this.store = store;
    }

    @Override
    public Optional<Map<String, String>> load(SessionKey key) {
        return await(store.load(key));
    }

    @Override
    public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        return await(store.loadAndUpdateTtl(key, ttl));
    }

    @Override
    public SessionKey save(Map<String, String> state, Duration ttl) {
        return await(store.save(state, ttl));
    }

    @Override
    public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
        return await(store.update(key, state, ttl));
    }

    @Override
    public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        return await(store.updateDelta(key, changed, removed, ttl));
    }

    @Override
    public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
        return await(store.renew(key, changed, removed, ttl));
    }

    @Override
    public void updateTtl(SessionKey key, Duration ttl) {
        await(store.updateTtl(key, ttl));
    }

    @Override
    public void delete(SessionKey key) {
        await(store.delete(key));
    }

    @Override
    public String toString() {
        return "blocking view of " + store;
    }

    /** Waits for {@code stage}; rethrows its failure unwrapped. */
    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (RuntimeException e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new SessionStoreException(SessionStoreException.Kind.OTHER, "session store failed", cause);
        }
    }
}
