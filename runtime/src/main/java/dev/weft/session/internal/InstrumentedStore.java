package dev.weft.session.internal;

import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The store's blocking view as scopes use it, with each operation timed for {@link Telemetry} and
 * recorded as a {@link StoreOperationEvent} for Java Flight Recorder.
 */
public final class InstrumentedStore implements BlockingSessionStore {

    private final BlockingSessionStore store;
    private final Telemetry telemetry;

    public InstrumentedStore(BlockingSessionStore store, Telemetry telemetry) {
        this.store = store;
        this.telemetry = telemetry;
    }

    private <T> T measured(String operation, Supplier<T> call) {
        StoreOperationEvent event = new StoreOperationEvent();
        event.begin();
        long start = System.nanoTime();
        String outcome = "failure";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } catch (SessionStoreException e) {
            outcome = e.kind() == SessionStoreException.Kind.OTHER ? "failure" : "refused";
            throw e;
        } finally {
            telemetry.operation(operation, System.nanoTime() - start, outcome);
            event.end();
            if (event.shouldCommit()) {
                event.operation = operation;
                event.outcome = outcome;
                event.commit();
            }
        }
    }

    private Optional<Map<String, String>> loaded(Optional<Map<String, String>> state) {
        state.ifPresent(telemetry::loadedState);
        return state;
    }

    @Override
    public Optional<Map<String, String>> load(SessionKey key) {
        return loaded(measured("load", () -> store.load(key)));
    }

    @Override
    public Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        return loaded(measured("loadAndUpdateTtl", () -> store.loadAndUpdateTtl(key, ttl)));
    }

    @Override
    public SessionKey save(Map<String, String> state, Duration ttl) {
        return measured("save", () -> store.save(state, ttl));
    }

    @Override
    public SessionKey update(SessionKey key, Map<String, String> state, Duration ttl) {
        return measured("update", () -> store.update(key, state, ttl));
    }

    @Override
    public SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
        return measured("updateDelta", () -> store.updateDelta(key, changed, removed, ttl));
    }

    @Override
    public SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl) {
        return measured("renew", () -> store.renew(key, changed, removed, ttl));
    }

    @Override
    public void updateTtl(SessionKey key, Duration ttl) {
        measured("updateTtl", () -> {
            store.updateTtl(key, ttl);
            return null;
        });
    }

    @Override
    public void delete(SessionKey key) {
        measured("delete", () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
