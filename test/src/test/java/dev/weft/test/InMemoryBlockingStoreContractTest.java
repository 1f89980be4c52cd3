package dev.weft.test;

import dev.weft.store.SessionStore;
import dev.weft.testing.BlockingAsStages;

/** The store contract through {@link InMemorySessionStore#blocking()}. */
class InMemoryBlockingStoreContractTest extends InMemoryStoreContractTest {

    @Override
    protected SessionStore createStore(Setup setup) {
        return BlockingAsStages.of(super.createStore(setup));
    }
}
