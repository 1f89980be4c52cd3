package dev.weft.test;

import dev.weft.annotation.SessionScoped;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SessionKey;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a test's sessions left in the store, for assertions: the live sessions its {@code Sessions}
 * stored, and their states as stored text (a JSON value per state key). Ask for it as a parameter
 * of a test, {@code @BeforeEach} or {@code @AfterEach} method.
 *
 * <pre>{@code
 * @Test
 * void addingAnItemStoresTheCart(Sessions sessions, StoredSessions stored) {
 *     try (SessionScope scope = sessions.open(null)) {
 *         cart.add("apple");
 *     }
 *     assertEquals(Map.of(StoredSessions.stateKey(Cart.class, "items"), "[\"apple\"]"), stored.onlyState());
 * }
 * }</pre>
 *
 * <p>A store keeps only a digest of each key, so the keys are known from the store's answers: a
 * session counts if the test's {@code Sessions} (or {@code sessions.store()}) stored it under its
 * key, and it is live now (not expired, deleted or renewed away). A session stored by calling an
 * {@link InMemorySessionStore} parameter directly is not listed; that store has its own view
 * ({@link InMemorySessionStore#sessionIds()}). Looking is a plain load: it resets no TTL and
 * writes nothing (the Hazelcast store may, as on any load, finish a renewal that stalled half-way).
 * The answers are as of the call; nothing is cached.
 */
public final class StoredSessions {

    private final KeyRecordingStore store;

    StoredSessions(KeyRecordingStore store) {
        this.store = store;
    }

    /**
     * The keys of the live sessions this test stored, in the order they were first stored.
     *
     * @return an immutable list
     */
    public List<SessionKey> keys() {
        return store.keys().stream().filter(key -> load(key).isPresent()).toList();
    }

    /**
     * How many live sessions this test stored.
     *
     * @return {@code keys().size()}
     */
    public int count() {
        return keys().size();
    }

    /**
     * A live session's state without Weft's {@linkplain ReservedKeys reserved keys} (creation
     * time, deadline, idle timeout): what the application's fields and the {@code Session} API put
     * there.
     *
     * @param key the session's key
     * @return the state key to stored text (JSON) map, or empty if no live session has the key
     */
    public Optional<Map<String, String>> state(SessionKey key) {
        return storedState(key).map(state -> state.entrySet().stream()
                .filter(entry -> !ReservedKeys.isReserved(entry.getKey()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /**
     * A live session's whole state as stored, reserved keys included.
     *
     * @param key the session's key
     * @return the immutable state, or empty if no live session has the key
     */
    public Optional<Map<String, String>> storedState(SessionKey key) {
        return load(Objects.requireNonNull(key, "key"));
    }

    /**
     * The state, without reserved keys, of the one live session this test stored.
     *
     * @return the state key to stored text (JSON) map
     * @throws AssertionError if the test stored no live session or more than one
     */
    public Map<String, String> onlyState() {
        List<SessionKey> keys = keys();
        if (keys.size() != 1) {
            throw new AssertionError("expected exactly one stored session, found " + keys.size());
        }
        return state(keys.get(0)).orElseThrow(() -> new AssertionError("the only stored session ended meanwhile"));
    }

    /**
     * The state key of a {@code @SessionScoped} field: its annotation's value, or {@code <binary
     * name of the declaring class>.<field name>}.
     *
     * @param declaringClass the class that declares the field
     * @param field the field's name
     * @return the key its value is stored under
     * @throws IllegalArgumentException if the class declares no such field, or it is not
     *     {@code @SessionScoped}
     */
    public static String stateKey(Class<?> declaringClass, String field) {
        Field declared;
        try {
            declared = declaringClass.getDeclaredField(field);
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException(declaringClass.getName() + " declares no field '" + field + "'", e);
        }
        SessionScoped scoped = declared.getAnnotation(SessionScoped.class);
        if (scoped == null) {
            throw new IllegalArgumentException(declaringClass.getName() + "." + field + " is not @SessionScoped");
        }
        return scoped.value().isEmpty() ? declaringClass.getName() + "." + field : scoped.value();
    }

    private Optional<Map<String, String>> load(SessionKey key) {
        return store.store().blocking().load(key);
    }

    @Override
    public String toString() {
        return "StoredSessions[" + count() + " live]";
    }
}
