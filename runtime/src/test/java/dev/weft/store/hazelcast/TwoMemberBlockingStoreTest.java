package dev.weft.store.hazelcast;

import dev.weft.store.SessionStore;
import dev.weft.testing.BlockingAsStages;

/** The store contract through {@link HazelcastSessionStore#blocking()}, on two members, keys owned by the far member. */
class TwoMemberBlockingStoreTest extends TwoMemberStoreTest {

    @Override
    protected SessionStore createStore(Setup setup) {
        return BlockingAsStages.of(super.createStore(setup));
    }
}
