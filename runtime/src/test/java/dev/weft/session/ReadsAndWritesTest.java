package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.annotation.SessionScoped;
import dev.weft.session.Cart.Item;
import dev.weft.session.Cart.Theme;
import dev.weft.session.internal.SessionBridge;
import dev.weft.session.internal.SessionField;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.CountingStore;
import dev.weft.testing.TestMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A read never writes; an assignment always does; a stored value that no longer decodes does not
 * break its session; no message shows a value. Store calls are counted against a real member.
 */
class ReadsAndWritesTest {

    /** A field of a hash-ordered set of enum constants, whose order differs between JVMs. */
    static final class Prefs {
        @SessionScoped Set<Theme> themes = new HashSet<>();
        static final SessionField THEMES = SessionBridge.field(Prefs.class, "themes");

        @SuppressWarnings("unchecked")
        Set<Theme> themes() {
            return (Set<Theme>) SessionBridge.getReference(this, THEMES);
        }
    }

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;

    private HazelcastSessionStore hazelcastStore;
    private CountingStore store;
    private Sessions sessions;
    private final Cart cart = new Cart();
    private final Prefs prefs = new Prefs();

    @BeforeAll
    static void start() {
        member = members.startMember();
    }

    @BeforeEach
    void freshSessions() {
        hazelcastStore = HazelcastSessionStore.builder(member).mapName("values-" + System.nanoTime()).build();
        store = new CountingStore(hazelcastStore);
        sessions = Sessions.builder().withoutAgent().store(store).ttlExtension(TtlExtensionPolicy.ON_STATE_CHANGES).build();
    }

    /** A session stored with exactly {@code texts}, as another node or an older deploy wrote them. */
    private SessionKey storedAs(Map<String, String> texts) {
        SessionKey key = hazelcastStore.save(texts, Duration.ofMinutes(5)).toCompletableFuture().join();
        store.reset();
        return key;
    }

    private Map<String, String> stored(SessionKey key) {
        return hazelcastStore.load(key).toCompletableFuture().join().orElseThrow();
    }

    // ---- a read never writes ----

    @Test
    void aPropertyThisJvmsClassLacksIsNeitherWrittenBackNorLost() {
        String written = "[{\"name\":\"apple\",\"quantity\":1,\"colour\":\"red\"}]"; // by a node whose Item has a colour
        SessionKey key = storedAs(Map.of(Cart.ITEMS.stateKey(), written));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(List.of(new Item("apple", 1)), cart.items());
        }
        assertEquals(List.of("load"), store.calls(), "reading it is no write");
        assertEquals(written, stored(key).get(Cart.ITEMS.stateKey()), "the property is still there");
        try (SessionScope scope = sessions.open(key)) {
            cart.items().add(new Item("pear", 2));
        }
        assertEquals(List.of("load", "load", "updateDelta"), store.calls(), "a real change is written");
    }

    @Test
    void aSetOfEnumsInAnotherJvmsOrderIsNoChange() {
        for (String written : List.of("[\"LIGHT\",\"DARK\"]", "[\"DARK\",\"LIGHT\"]", "[ \"DARK\" , \"LIGHT\" ]")) {
            SessionKey key = storedAs(Map.of(Prefs.THEMES.stateKey(), written));
            try (SessionScope scope = sessions.open(key)) {
                assertEquals(EnumSet.of(Theme.LIGHT, Theme.DARK), prefs.themes());
            }
            assertEquals(List.of("load"), store.calls(), written + " read as it is written elsewhere: no write");
            assertEquals(written, stored(key).get(Prefs.THEMES.stateKey()));
        }
    }

    // ---- an assignment always writes ----

    @Test
    void anAssignmentOfTheLoadedValueAndARemovalOfAnAbsentKeyAreWrites() {
        SessionKey key = storedAs(Map.of("user", "\"alice\""));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals("alice", cart.user());
            cart.user("alice");
            Session.current().remove("never-stored");
        }
        assertEquals(List.of("load", "updateDelta"), store.calls());
        try (SessionScope scope = sessions.open(key)) {
            Session.current().insert("user", "alice");
        }
        assertEquals(List.of("load", "updateDelta", "updateDelta"), store.calls(), "an insert of the same value too");
    }

    /** Why: another request may change the value between this one's load and its commit. */
    @Test
    void anAssignmentOfTheLoadedValueWinsOverAWriteMadeMeanwhile() throws Exception {
        SessionKey key = storedAs(Map.of("user", "\"alice\""));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (SessionScope scope = sessions.open(key)) {
            assertEquals("alice", cart.user());
            Future<?> meanwhile = other.submit(() -> {
                try (SessionScope second = sessions.open(key)) {
                    cart.user("bob");
                }
            });
            meanwhile.get();
            cart.user("alice"); // the user's choice in this request, made after the other committed
        } finally {
            other.shutdownNow();
        }
        assertEquals("\"alice\"", stored(key).get("user"));
    }

    // ---- a value that no longer decodes ----

    @Test
    void anUndecodableStoredValueReadsAsTheDefaultOnceWarnedAndStaysUntilWritten() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.weft.session.internal.SessionState");
        logger.addHandler(capture);
        try {
            Map<String, String> texts = new HashMap<>();
            texts.put(Cart.VISITS.stateKey(), "\"secret-count\""); // the type changed across a deploy
            texts.put(Cart.THEME.stateKey(), "\"PURPLE\""); // an enum constant that is gone
            texts.put(Cart.RATIO.stateKey(), "null"); // null for a primitive
            texts.put("user", "\"alice\"");
            SessionKey key = storedAs(texts);
            for (String user : List.of("alice", "bob")) {
                try (SessionScope scope = sessions.open(key)) {
                    assertEquals(7, cart.visits(), "the field's default");
                    assertEquals(Theme.LIGHT, cart.theme());
                    assertEquals(0.0, cart.ratio());
                    assertEquals(user, cart.user(), "the session's other values work");
                    cart.user("bob");
                }
            }
            assertEquals(3, warnings.size(), "one warning per field, not per read: " + warnings);
            for (LogRecord warning : warnings) {
                String message = warning.getMessage();
                assertTrue(message.contains("dev.weft.session.Cart."), message);
                assertFalse(message.contains("secret-count") || message.contains("PURPLE"), "no stored value: " + message);
            }
            assertTrue(warnings.get(0).getMessage().contains("int") || warnings.stream()
                    .anyMatch(w -> w.getMessage().contains("cannot be decoded as int")), "names the type");
            Map<String, String> after = stored(key);
            assertEquals("\"secret-count\"", after.get(Cart.VISITS.stateKey()), "left as it was");
            assertEquals("\"PURPLE\"", after.get(Cart.THEME.stateKey()));
            assertEquals("\"bob\"", after.get("user"));
            try (SessionScope scope = sessions.open(key)) {
                cart.visits(cart.visits() + 1);
            }
            assertEquals("8", stored(key).get(Cart.VISITS.stateKey()), "writing the field replaces it");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void theSessionApiReportsAnUndecodableValueWithoutShowingIt() {
        SessionKey key = storedAs(Map.of("count", "\"secret-count\"", "user", "\"alice\""));
        try (SessionScope scope = sessions.open(key)) {
            SessionValueException e = assertThrows(SessionValueException.class,
                    () -> Session.current().get("count", Integer.class));
            assertTrue(e.getMessage().contains("'count'") && e.getMessage().contains("java.lang.Integer"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
            assertNull(e.getCause(), "Jackson's exception, which quotes the text, is not kept");
            assertFalse(e.getMessage().contains(key.value()));
        }
        assertEquals("\"secret-count\"", stored(key).get("count"));
    }

    @Test
    void aValueWithNoJsonFormIsReportedWithoutShowingIt() {
        try (SessionScope scope = sessions.open(null)) {
            SessionValueException e = assertThrows(SessionValueException.class,
                    () -> Session.current().insert("card", new Leaky()));
            assertTrue(e.getMessage().contains("'card'") && e.getMessage().contains(Leaky.class.getName()), e.getMessage());
            assertFalse(e.getMessage().contains("4111"), e.getMessage());
            assertNull(e.getCause());
            assertEquals(Map.of(), Session.current().entries(), "nothing was inserted");
        }
    }

    /** A value whose getter fails with a message holding a secret. */
    public static final class Leaky {
        public String getNumber() {
            throw new IllegalStateException("card 4111 1111 1111 1111 is not to be shown");
        }
    }

    @Test
    void reservedKeysAreNotTheApplicationsToReadOrWrite() {
        try (SessionScope scope = sessions.open(null)) {
            for (Runnable use : List.<Runnable>of(() -> Session.current().insert("@created", 1),
                    () -> Session.current().remove("@deadline"), () -> Session.current().get("@idle", Long.class))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, use::run);
                assertTrue(e.getMessage().contains("reserved"), e.getMessage());
            }
            Session.current().insert("a", 1);
        }
        assertEquals(1, store.calls().size());
    }

    @Test
    void entriesAndClearLeaveReservedKeysAlone() {
        SessionScope first = sessions.open(null);
        try (first) {
            Session.current().insert("a", 1);
        }
        SessionKey key = first.key().orElseThrow();
        assertTrue(stored(key).containsKey("@created"));
        try (SessionScope scope = sessions.open(key)) {
            assertEquals(Map.of("a", "1"), Session.current().entries());
            Session.current().clear();
        }
        assertEquals(Set.of("@created"), stored(key).keySet(), "the session lives on, knowing when it began");
    }

    @Test
    void aScopeReadingWhileAnotherCommitsSeesOneStateOrTheOther() throws Exception {
        SessionKey key = storedAs(Map.of(Cart.ITEMS.stateKey(), "[]"));
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<List<Item>> reader = other.submit(() -> {
                try (SessionScope scope = sessions.open(key)) {
                    List<Item> seen = new ArrayList<>(cart.items());
                    loaded.countDown();
                    written.await();
                    seen.addAll(cart.items()); // the same loaded value: loaded once per scope
                    return seen;
                }
            });
            loaded.await();
            try (SessionScope scope = sessions.open(key)) {
                cart.items().add(new Item("apple", 1));
            }
            written.countDown();
            assertEquals(List.of(), reader.get(), "the reader's scope keeps what it loaded and writes nothing");
        } finally {
            other.shutdownNow();
        }
        assertEquals("[{\"name\":\"apple\",\"quantity\":1}]", stored(key).get(Cart.ITEMS.stateKey()));
    }
}
