package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.test.InMemorySessionStore;
import dev.weft.test.StoredSessions;
import dev.weft.test.WeftExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shop's session state, unit-tested with weft-test: the agent woven in, an in-memory store, no server. */
@ExtendWith(WeftExtension.class)
class ShopSessionsTest {

    private final Cart cart = new Cart();
    private final Account account = new Account();
    private final Product apple = Product.byId("apple").orElseThrow();
    private final Product bread = Product.byId("bread").orElseThrow();

    private static SessionKey request(Sessions sessions, SessionKey key, Runnable work) {
        SessionScope scope = sessions.open(key);
        try (scope) {
            work.run();
        }
        return scope.key().orElse(null);
    }

    @Test
    void eachSessionHasItsOwnCartAndVisits(Sessions sessions) {
        SessionKey alice = request(sessions, null, () -> {
            cart.add(apple);
            cart.add(apple);
            assertEquals(1, Visits.next());
        });
        SessionKey bob = request(sessions, null, () -> {
            cart.add(bread);
            assertEquals(1, Visits.next(), "visits are per session, though the field is static");
        });
        request(sessions, alice, () -> {
            assertEquals(List.of(new CartLine("apple", 2)), cart.lines());
            assertEquals(2, Visits.next());
        });
        request(sessions, bob, () -> assertEquals(List.of(new CartLine("bread", 1)), cart.lines()));
    }

    @Test
    void signingInRenewsTheKeyAndSigningOutEndsIt(Sessions sessions, InMemorySessionStore store,
            StoredSessions stored) {
        SessionKey anonymous = request(sessions, null, () -> cart.add(apple));
        SessionKey signedIn = request(sessions, anonymous, () -> account.signIn("Ada"));
        assertNotEquals(anonymous, signedIn);
        assertTrue(store.isEnded(anonymous.id()), "the pre-sign-in key stops working");
        request(sessions, signedIn, () -> {
            assertEquals(Optional.of("Ada"), account.user());
            assertEquals(List.of(new CartLine("apple", 1)), cart.lines(), "the cart moved with the sign-in");
        });
        request(sessions, signedIn, account::signOut);
        assertTrue(store.isEnded(signedIn.id()));
        request(sessions, signedIn, () -> {
            assertEquals(Optional.empty(), account.user());
            assertEquals(List.of(), cart.lines());
        });
        assertEquals(Optional.empty(), stored.state(signedIn));
    }
}
