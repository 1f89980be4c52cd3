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
import java.util.concurrent.CopyOnWriteArrayList;
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
    void noClassOutsideTheAllowListIsEverAskedForToResolveATypeId() {
        String loaded = "dev.weft.servlet.fixture.outside.Loaded"; // named, never touched
        List<String> refused = List.of(
                "{\"@class\":\"" + loaded + "\",\"value\":\"v\"}",
                "[\"java.util.ArrayList\",[{\"@class\":\"" + loaded + "\",\"value\":\"v\"}]]",
                "[\"[L" + loaded + ";\",[{\"value\":\"v\"}]]",
                "[\"java.lang.ProcessBuilder\",[\"true\"]]",
                "[\"java.util.ArrayList<" + loaded + ">\",[]]", // Jackson checks only the raw class
                "{\"@class\":\"java.util.HashMap<java.lang.String," + loaded + ">\"}",
                "{\"@class\":\"" + Tagged.class.getName() + "\",\"payload\":{\"@class\":\"java.util.ArrayList<"
                        + loaded + ">\"}}");
        List<String> asked = new CopyOnWriteArrayList<>();
        ClassLoader recording = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                asked.add(name);
                return super.loadClass(name, resolve);
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(recording); // where Jackson looks type ids up first
        try {
            for (String text : refused) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode("x", text));
                assertFalse(e.getMessage().contains("\"value\""), e.getMessage());
            }
            assertEquals(List.of(new Item("a", 1)), roundTrip(new ArrayList<>(List.of(new Item("a", 1)))));
        } finally {
            thread.setContextClassLoader(before);
        }
        assertTrue(asked.contains(Item.class.getName()), asked::toString); // the loader was the one asked
        assertEquals(List.of(), asked.stream().filter(name -> !codec.allows(name)).toList());
        assertNull(System.getProperty("weft.test.outside.loaded"), "the refused class was initialized");
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
    void theAllowListAdmitsNoPlatformOrLibraryPackageAndNoOnePartRoot() {
        SessionFilter.Builder builder = SessionFilter.builder(Sessions.builder().withoutAgent().store(new UnusedStore()).build());
        for (String name : List.of("java.util", "javax", "sun", "sun.misc", "jdk", "jdk.internal", "com.sun",
                "com.sun.rowset", "jakarta.servlet", "tools.jackson", "tools.jackson.databind", "com.fasterxml.jackson",
                "com", "org", "dev")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.allowPackages(name));
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> builder.allowPackages("not a package"));
        builder.allowPackages("com.acme", "org.example.shop", "javaland.shop", "sunny.app");
    }

    @Test
    void aStringShapedLikeAGenericTypeIdOfAnAllowedClassIsRefusedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode("s", "java.util.ArrayList<String>"));
        assertTrue(e.getMessage().contains("generic type id"), e.getMessage());
        assertEquals("List<String>", roundTrip("List<String>")); // not an allowed class's name
        assertEquals("a < b", roundTrip("a < b"));
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
