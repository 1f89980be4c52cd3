/**
 * The session storage contract, mirroring actix-session's {@code SessionStore}.
 *
 * <p>A {@link dev.weft.store.SessionStore} keeps each session's state, a map of string keys to
 * string values, under a {@link dev.weft.store.SessionKey}, with an idle lifetime (TTL). Five
 * operations make the contract: {@code load}, {@code save}, {@code update}, {@code updateTtl} and
 * {@code delete}; two more, {@code loadAndUpdateTtl} and {@code updateDelta}, have correct default
 * implementations that stores may replace with faster, atomic ones. Every operation is
 * asynchronous and reports failures as a {@link dev.weft.store.SessionStoreException} through its
 * stage.
 *
 * <p>Two rules are stricter than actix-session's: an update of a session that no longer exists
 * never brings it back under its old key (the state is saved under a new key instead), and
 * {@code updateDelta} lets concurrent requests that change different keys of one session lose
 * nothing. {@link dev.weft.store.hazelcast.HazelcastSessionStore} is the store Weft ships.
 */
package dev.weft.store;
