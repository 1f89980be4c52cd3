package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreContract;
import dev.weft.testing.TestMembers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on a two-member cluster, where the store talks to one member and every
 * session key it makes or is given is owned by the other: each operation crosses the network.
 */
class TwoMemberStoreTest extends SessionStoreContract {

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
    protected SessionStore createStore(String space, long maxStateBytes) {
        return HazelcastSessionStore.builder(local).mapName(space).maxStateBytes(maxStateBytes)
                .keys(TwoMemberStoreTest::remoteKey).build();
    }

    @Override
    protected long storedSessions(String space) {
        return remote.getMap(space).size();
    }

    @Override
    protected SessionKey unusedKey() {
        return remoteKey();
    }

    /** A fresh key whose partition the remote member owns. */
    private static SessionKey remoteKey() {
        while (true) {
            SessionKey key = SessionKey.generate();
            if (remote.getCluster().getLocalMember().equals(
                    local.getPartitionService().getPartition(key.value()).getOwner())) {
                return key;
            }
        }
    }
}
