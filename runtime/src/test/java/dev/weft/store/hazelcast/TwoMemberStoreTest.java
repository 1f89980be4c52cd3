package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.testing.TestMembers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on a two-member cluster, where the store talks to one member and every
 * session key it makes or is given is owned by the other: each operation crosses the network.
 */
class TwoMemberStoreTest extends HazelcastStoreContract {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance local;
    private static HazelcastInstance remote;

    @BeforeAll
    static void start() {
        local = members.startMember();
        remote = members.startMember();
        assertEquals(2, local.getCluster().getMembers().size());
    }

    @Override
    protected SessionStore createStore(Setup setup) {
        return builder(local, setup).keys(TwoMemberStoreTest::remoteKey).build();
    }

    @Override
    protected long storedEntries(String space) {
        return remote.getMap(space).size();
    }

    @Override
    protected SessionKey unusedKey() {
        return remoteKey();
    }

    @Test
    void everyWriteReachesTheBackupOnTheOtherMember() {
        SessionStore store = createStore(new Setup("backups", 1024, 10, clock));
        SessionKey key = store.save(java.util.Map.of("a", "1"), java.time.Duration.ofMinutes(5))
                .toCompletableFuture().join();
        store.updateDelta(key, java.util.Map.of("b", "2"), java.util.Set.of(), java.time.Duration.ofMinutes(5))
                .toCompletableFuture().join();
        remote.getLifecycleService().terminate(); // the owner crashes: only the backup is left
        try {
            assertEquals(java.util.Optional.of(java.util.Map.of("a", "1", "b", "2")),
                    store.load(key).toCompletableFuture().join());
        } finally {
            remote = members.startMember();
        }
    }

    /**
     * The backup runs the owner's entry processor with the owner's time, so it holds the same
     * bytes. Many sessions, since a backup stamping with its own clock would often hit the same
     * millisecond as its owner for any one of them.
     */
    @Test
    void theBackupHoldsExactlyTheOwnersBytes() {
        SessionStore store = createStore(new Setup("same-bytes", 1024 * 1024, 10, clock));
        java.time.Duration ttl = java.time.Duration.ofMinutes(5);
        java.util.List<SessionKey> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(store.save(java.util.Map.of("a", "1"), ttl).toCompletableFuture().join());
        }
        clock.advance(java.time.Duration.ofSeconds(1));
        for (SessionKey key : keys) {
            store.updateDelta(key, java.util.Map.of("b", "2"), java.util.Set.of(), ttl).toCompletableFuture().join();
        }
        clock.advance(java.time.Duration.ofSeconds(4)); // past the TTL-extension window (1% of 5 min: 3 s)
        for (SessionKey key : keys) {
            store.loadAndUpdateTtl(key, ttl).toCompletableFuture().join(); // each restamps, on owner and backup
        }
        java.util.Map<SessionKey, byte[]> owners = new java.util.HashMap<>();
        for (SessionKey key : keys) {
            owners.put(key, (byte[]) remote.getMap("same-bytes").get(key.id().toBytes()));
        }
        remote.getLifecycleService().terminate(); // the backups on the local member become the owners
        try {
            for (SessionKey key : keys) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(owners.get(key),
                        (byte[]) local.getMap("same-bytes").get(key.id().toBytes()));
            }
        } finally {
            remote = members.startMember();
        }
    }

    /** A fresh key whose partition the remote member owns. */
    private static SessionKey remoteKey() {
        // Hazelcast's partition service names no owner to an interrupted thread (the contract's
        // interrupt test saves from one), so look up owners with the interrupt put aside.
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                SessionKey key = SessionKey.generate();
                if (remote.getCluster().getLocalMember().equals(
                        local.getPartitionService().getPartition(key.id().toBytes()).getOwner())) {
                    return key;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
