package dev.weft.store.hazelcast;

import dev.weft.store.SessionStore;
import dev.weft.testing.BlockingAsStages;

/** The store contract through {@link HazelcastSessionStore#blocking()}, on a client. */
class ClientBlockingStoreTest extends ClientStoreTest {

    @Override
    protected SessionStore createStore(Setup setup) {
        return BlockingAsStages.of(super.createStore(setup));
    }
}
