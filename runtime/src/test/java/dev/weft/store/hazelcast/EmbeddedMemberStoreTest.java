package dev.weft.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionStore;
import dev.weft.testing.TestMembers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against one embedded member. */
class EmbeddedMemberStoreTest extends HazelcastStoreContract {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        member = members.startMember();
    }

    @Override
    protected SessionStore createStore(Setup setup) {
        return builder(member, setup).build();
    }

    @Override
    protected long storedEntries(String space) {
        return member.getMap(space).size();
    }
}
