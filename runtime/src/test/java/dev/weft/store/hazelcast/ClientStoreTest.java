package dev.weft.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionStore;
import dev.weft.testing.TestMembers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract through a Hazelcast client connected to a member. */
class ClientStoreTest extends HazelcastStoreContract {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;
    private static HazelcastInstance client;

    @BeforeAll
    static void start() {
        member = members.startMember();
        client = members.startClient();
    }

    @Override
    protected SessionStore createStore(Setup setup) {
        return builder(client, setup).build();
    }

    @Override
    protected long storedEntries(String space) {
        return member.getMap(space).size();
    }
}
