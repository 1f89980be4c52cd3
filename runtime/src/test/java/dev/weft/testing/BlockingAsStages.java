package dev.weft.testing;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A store's {@link SessionStore#blocking() blocking view} presented as a {@link SessionStore}, so
 * the store contract runs against it: each call runs the blocking operation at once and returns
 * its result, or its {@link SessionStoreException}, as a completed stage. Argument errors are
 * thrown, as both forms promise.
 */
public final class BlockingAsStages implements SessionStore {

    private final BlockingSessionStore blocking;

    private BlockingAsStages(BlockingSessionStore blocking) {
        this.blocking = blocking;
    }

    /** The blocking view of {@code store}, as stages. */
    public static SessionStore of(SessionStore store) {
        return new BlockingAsStages(store.blocking());
    }

    private static <T> CompletionStage<T> done(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (SessionStoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
        return done(() -> blocking.load(key));
    }

    @Override
    public CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        return done(() -> blocking.loadAndUpdateTtl(key, ttl));
    }

    @Override
    public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
        return done(() -> blocking.save(state, ttl));
    }

    @Override
    public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        return done(() -> blocking.update(key, state, ttl));
    }

    @Override
    public CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed,
            Set<String> removed, Duration ttl) {
        return done(() -> blocking.updateDelta(key, changed, removed, ttl));
    }

    @Override
    public CompletionStage<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        return done(() -> blocking.renew(key, changed, removed, ttl));
    }

    @Override
    public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
        return done(() -> {
            blocking.updateTtl(key, ttl);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> delete(SessionKey key) {
        return done(() -> {
            blocking.delete(key);
            return null;
        });
    }
}
