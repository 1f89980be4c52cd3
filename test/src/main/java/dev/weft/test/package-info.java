/**
 * Testing code that uses Weft, with JUnit Jupiter.
 *
 * <p>{@link dev.weft.test.WeftExtension} is the entry point: register it on a test class and each
 * test gets its own {@link dev.weft.session.Sessions} over fresh storage, a session scope around
 * the test method if it is annotated {@link dev.weft.test.WithSession} (or asks for a {@code
 * SessionScope} parameter), the Weft agent installed in the test JVM so that {@code
 * @SessionScoped} fields are woven, and {@link dev.weft.test.StoredSessions} to look at what was
 * stored. Every scope ends with its test.
 *
 * <p>The storage is an {@link dev.weft.test.InMemorySessionStore} by default: a store that keeps
 * the store contract (the runtime's contract suite runs against it) and expires sessions by a
 * {@link dev.weft.test.TestClock}, which a test moves instead of waiting. It does not do what the
 * contract leaves optional: it finds no sessions by principal, tells nobody of expiries and counts
 * no entries; and it counts its size limit in UTF-8 bytes of keys and values, not in stored bytes.
 * On request the storage is a map on a Hazelcast member that the extension starts for the test
 * class, configured as in production: there sessions by principal, expiry events and the entry count
 * work as in production, and Hazelcast expires sessions in real time, which the clock does not
 * drive.
 *
 * <pre>{@code
 * @ExtendWith(WeftExtension.class)
 * class CartTest {
 *     private final Cart cart = new Cart();
 *
 *     @Test
 *     @WithSession
 *     void itemsAreAdded() {
 *         cart.add("apple");
 *         assertEquals(List.of("apple"), cart.items());
 *     }
 *
 *     @Test
 *     void aCartLastsAsLongAsItsSession(Sessions sessions, TestClock clock, StoredSessions stored) {
 *         try (SessionScope scope = sessions.open(null)) {
 *             cart.add("apple");
 *         }
 *         clock.advance(sessions.ttl());
 *         assertEquals(0, stored.count());
 *     }
 * }
 * }</pre>
 *
 * <p>This package uses only the runtime's public packages, never its {@code internal} ones.
 */
package dev.weft.test;
