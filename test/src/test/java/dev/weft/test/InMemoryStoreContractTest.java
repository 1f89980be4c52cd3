package dev.weft.test;

import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreContract;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runtime's store contract against {@link InMemorySessionStore}. The store expires by the
 * contract's clock alone, so its expiry test moves the clock instead of waiting, and the default
 * tombstone grace costs no time.
 */
class InMemoryStoreContractTest extends SessionStoreContract {

    /** The stores made for each space: a space's entries are all of theirs. */
    private final Map<String, List<InMemorySessionStore>> stores = new ConcurrentHashMap<>();

    @Override
    protected SessionStore createStore(Setup setup) {
        InMemorySessionStore store = InMemorySessionStore.builder().clock(setup.clock())
                .maxStateBytes(setup.maxStateBytes()).maxEntries(setup.maxEntries())
                .tombstoneGrace(InMemorySessionStore.DEFAULT_TOMBSTONE_GRACE).build();
        stores.computeIfAbsent(setup.space(), space -> new CopyOnWriteArrayList<>()).add(store);
        return store;
    }

    @Override
    protected long storedEntries(String space) {
        return stores.getOrDefault(space, List.of()).stream().mapToLong(InMemorySessionStore::storedEntries).sum();
    }

    @Override
    protected Capabilities capabilities() {
        return new Capabilities(java.time.Duration.ZERO, InMemorySessionStore.DEFAULT_TOMBSTONE_GRACE, true, false);
    }
}
