package example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.test.WeftExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same cart on a Hazelcast member, as in production: one member for the class, a map of its
 * own for each test. The examples of {@link CartExamples} only: {@link CartTest}'s own move the
 * clock (Hazelcast expires sessions in real time) or look into the in-memory store.
 */
@SuppressWarnings("try") // a scope binds its session to the thread: the cart uses it, the body need not
class CartOnEmbeddedMemberTest extends CartExamples {

    @RegisterExtension
    static final WeftExtension weft = WeftExtension.builder()
            .embeddedMember(config -> config.getNetworkConfig().setPort(5761).setPortCount(9))
            .build();

    @Test
    void theSessionsLiveInTheTestsOwnMap(Sessions sessions, HazelcastSessionStore store) {
        try (SessionScope scope = sessions.open(null)) {
            cart.add("apple");
        }
        assertEquals(1, store.hazelcast().getMap(store.mapName()).size());
    }
}
