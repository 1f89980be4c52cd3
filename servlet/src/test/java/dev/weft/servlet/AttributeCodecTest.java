package dev.weft.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.servlet.fixture.allowed.Basket;
import dev.weft.servlet.fixture.allowed.Item;
import dev.weft.servlet.fixture.allowed.Tagged;
import dev.weft.servlet.fixture.outside.Secret;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Attribute values: JSON with their types, and an allow-list decided by name. */
class AttributeCodecTest {

    private final AttributeCodec codec = new AttributeCodec(JsonMapper.builder().build(),
            List.of("dev.weft.servlet.fixture.allowed"));

    private Object roundTrip(Object value) {
        return codec.decode("a", codec.encode("a", value));
    }

    @Test
    void jdkValueTypesComeBackAsTheirOwnTypes() {
        List<Object> values = List.of("text", 5, 5L, (short) 3, (byte) 2, 1.5, 1.5f, 'c', true,
                new BigDecimal("1.10"), BigInteger.TEN.pow(30), UUID.randomUUID(), Instant.ofEpochSecond(5),
                LocalDate.of(2020, 1, 2), Duration.ofSeconds(3), ZoneId.of("Europe/Paris"), Locale.FRANCE,
                URI.create("https://example.com/a"));
        for (Object value : values) {
            Object back = roundTrip(value);
            assertEquals(value, back, value.getClass().getName());
            assertEquals(value.getClass(), back.getClass(), value.getClass().getName());
        }
        assertEquals(new BigDecimal("1.10").scale(), ((BigDecimal) roundTrip(new BigDecimal("1.10"))).scale());
    }

    @Test
    void collectionsMapsAndArraysKeepTheirElementTypes() {
        assertEquals(new ArrayList<>(List.of(1L, "x", 2.5f)), roundTrip(new ArrayList<>(List.of(1L, "x", 2.5f))));
        assertEquals(List.of(1, 2, 3), roundTrip(List.of(1, 2, 3)));
        assertEquals(List.of(), roundTrip(List.of()));
        assertEquals(Set.of("a", "b"), roundTrip(Set.of("a", "b")));
        assertEquals(Map.of("k", 1L), roundTrip(Map.of("k", 1L)));
        assertEquals(new TreeMap<>(Map.of("b", 2, "a", 1)), roundTrip(new TreeMap<>(Map.of("b", 2, "a", 1))));
        assertEquals(new TreeSet<>(Set.of(3, 1)), roundTrip(new TreeSet<>(Set.of(3, 1))));
        assertEquals(Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                roundTrip(Collections.unmodifiableList(new ArrayList<>(List.of(1)))));
        assertEquals(Arrays.asList(1, 2), roundTrip(Arrays.asList(1, 2)));
        assertEquals(Collections.singletonList("one"), roundTrip(Collections.singletonList("one")));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("when", Instant.ofEpochSecond(9));
        nested.put("items", List.of(new Item("apple", 2)));
        assertEquals(nested, roundTrip(nested));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) roundTrip(new byte[] {1, 2, 3}));
        assertArrayEquals(new String[] {"a"}, (String[]) roundTrip(new String[] {"a"}));
        assertArrayEquals(new Item[] {new Item("x", 1)}, (Item[]) roundTrip(new Item[] {new Item("x", 1)}));
    }

    @Test
    void classesOfAllowedPackagesRoundTripEvenWithoutEquals() {
        assertEquals(new Item("apple", 2), roundTrip(new Item("apple", 2)));
        Basket basket = new Basket();
        basket.items.add(new Item("pear", 1));
        basket.note = 7L;
        Basket back = assertInstanceOf(Basket.class, roundTrip(basket));
        assertEquals(basket.items, back.items);
        assertEquals(7L, back.note);
    }

    @Test
    void aTypeOutsideTheAllowListIsRefusedNamingAttributeAndTypeButNotTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode("wallet", new Secret("hunter2")));
        assertTrue(e.getMessage().contains("'wallet'"), e.getMessage());
        assertTrue(e.getMessage().contains(Secret.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("allow-list"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aTypeOutsideTheAllowListInsideAnAllowedOneIsRefusedNamingBoth() {
        Basket basket = new Basket();
        basket.note = new Secret("hunter2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode("basket", basket));
        assertTrue(e.getMessage().contains("'basket' of type " + Basket.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("holds a value of type " + Secret.class.getName()), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.encode("list", List.of(new Secret("x"))));
    }

    @Test
    void valuesThatDoNotReadBackEqualAreRefused() {
        Map<Integer, String> byNumber = new HashMap<>(Map.of(1, "one"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode("m", byNumber));
        assertTrue(e.getMessage().contains("'m' of type java.util.HashMap"), e.getMessage());
        assertFalse(e.getMessage().contains("one"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.encode("o", Optional.of(1)));
        assertThrows(IllegalArgumentException.class, () -> codec.encode("t", Thread.currentThread()));
        assertThrows(IllegalArgumentException.class, () -> codec.encode("e", new Object()));
    }

    @Test
    void storedTextNamingATypeOutsideTheAllowListIsRefusedBeforeTheClassIsLoaded() {
        String property = "weft.test.outside.loaded"; // Loaded.PROPERTY, without touching the class
        assertNull(System.getProperty(property));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode("x",
                "{\"@class\":\"dev.weft.servlet.fixture.outside.Loaded\",\"value\":\"v\"}"));
        assertTrue(e.getMessage().contains("dev.weft.servlet.fixture.outside.Loaded"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.decode("x",
                "[\"java.util.ArrayList\",[{\"@class\":\"dev.weft.servlet.fixture.outside.Loaded\",\"value\":\"v\"}]]"));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("x",
                "[\"[Ldev.weft.servlet.fixture.outside.Loaded;\",[{\"value\":\"v\"}]]"));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("x",
                "[\"java.lang.ProcessBuilder\",[\"true\"]]"));
        assertNull(System.getProperty(property), "the refused class was loaded and initialized");
    }

    @Test
    void typeIdsThatAllowedClassesDeclareThemselvesAreCheckedToo() {
        Tagged tagged = new Tagged();
        tagged.payload = new Item("x", 1);
        Tagged back = assertInstanceOf(Tagged.class, roundTrip(tagged));
        assertEquals(new Item("x", 1), back.payload);
        assertThrows(IllegalArgumentException.class, () -> codec.decode("t", "{\"@class\":\""
                + Tagged.class.getName() + "\",\"payload\":{\"@class\":\"dev.weft.servlet.fixture.outside.Loaded\"}}"));
        assertNull(System.getProperty("weft.test.outside.loaded"));
    }

    @Test
    void storedTextThatIsNotJsonIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.decode("x", "{\"@class\":\"java.util.HashMap\",\"secret\":"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void typeNamesAreReadFromStoredTextWithoutDecoding() {
        assertEquals("java.lang.Long", AttributeCodec.typeName(codec.encode("a", 5L)));
        assertEquals(Item.class.getName(), AttributeCodec.typeName(codec.encode("a", new Item("x", 1))));
        assertNull(AttributeCodec.typeName(codec.encode("a", "text")));
        assertNull(AttributeCodec.typeName(codec.encode("a", 5)));
    }

    @Test
    void theAllowListAdmitsNoJdkPackageWhole() {
        SessionFilter.Builder builder = SessionFilter.builder(Sessions.builder().withoutAgent().store(new UnusedStore()).build());
        assertThrows(IllegalArgumentException.class, () -> builder.allowPackages("java.util"));
        assertThrows(IllegalArgumentException.class, () -> builder.allowPackages("javax"));
        assertThrows(IllegalArgumentException.class, () -> builder.allowPackages("not a package"));
    }

    /** A store no test here reaches. */
    private static final class UnusedStore implements SessionStore {
        @Override
        public CompletionStage<Optional<Map<String, String>>> load(SessionKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> updateTtl(SessionKey key, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> delete(SessionKey key) {
            throw new UnsupportedOperationException();
        }
    }
}
