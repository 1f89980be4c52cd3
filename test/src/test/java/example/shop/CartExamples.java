package example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.test.StoredSessions;
import dev.weft.test.WithSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the cart behaves across sessions; run against each kind of store the extension offers by
 * the subclasses, which register the extension.
 */
@SuppressWarnings("try") // a scope binds its session to the thread: the cart uses it, the body need not
abstract class CartExamples {

    static final String ITEMS = StoredSessions.stateKey(Cart.class, "items");

    final Cart cart = new Cart();

    @Test
    @WithSession
    void anItemAddedIsInTheCart() {
        cart.add("apple");
        cart.add("pear");
        assertEquals(List.of("apple", "pear"), cart.items());
    }

    @Test
    void eachSessionHasItsOwnCart(Sessions sessions, StoredSessions stored) {
        try (SessionScope alice = sessions.open(null)) {
            cart.add("apple");
        }
        try (SessionScope bob = sessions.open(null)) {
            cart.add("pear");
        }
        assertEquals(2, stored.count());
        try (SessionScope alice = sessions.open(stored.keys().get(0))) {
            assertEquals(List.of("apple"), cart.items());
        }
    }

    @Test
    void theCartIsStoredAsJsonUnderTheFieldsStateKey(SessionScope scope, StoredSessions stored) {
        cart.add("apple");
        scope.close();
        assertEquals(Map.of(ITEMS, "[\"apple\"]"), stored.state(scope.key().orElseThrow()).orElseThrow());
        assertEquals(Map.of(ITEMS, "[\"apple\"]"), stored.onlyState(), "reserved keys (@created) left out");
    }

    @Test
    void signingInKeepsTheCartUnderANewKey(Sessions sessions, StoredSessions stored) {
        try (SessionScope scope = sessions.open(null)) {
            cart.add("apple");
        }
        SessionKey before = stored.keys().get(0);
        SessionScope signIn = sessions.open(before);
        try (signIn) {
            cart.signIn("alice");
        }
        SessionKey after = signIn.key().orElseThrow();
        assertNotEquals(before, after);
        assertEquals(List.of(after), stored.keys(), "the old key loads nothing any more");
        assertEquals(Map.of(ITEMS, "[\"apple\"]", "user", "\"alice\""), stored.onlyState());
    }
}
