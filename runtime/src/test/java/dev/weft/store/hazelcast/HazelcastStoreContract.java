package dev.weft.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionStoreContract;
import java.time.Duration;

/** The store contract for the Hazelcast store: its capabilities, and a builder for each test's store. */
abstract class HazelcastStoreContract extends SessionStoreContract {

    /** Short, so that the contract's real wait for an ended key to become unknown is short. */
    static final Duration TOMBSTONE_GRACE = Duration.ofSeconds(3);

    @Override
    protected Capabilities capabilities() {
        return new Capabilities(Duration.ofSeconds(1), TOMBSTONE_GRACE, true);
    }

    /** A builder of a store over {@code hazelcast} as {@code setup} says. */
    static HazelcastSessionStore.Builder builder(HazelcastInstance hazelcast, Setup setup) {
        return HazelcastSessionStore.builder(hazelcast).mapName(setup.space()).maxStateBytes(setup.maxStateBytes())
                .maxEntries(setup.maxEntries()).clock(setup.clock()).tombstoneGrace(TOMBSTONE_GRACE);
    }
}
