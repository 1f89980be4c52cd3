package dev.weft.store;

import dev.weft.store.internal.Failures;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Where sessions' states live: a map of string keys to string values per {@link SessionKey},
 * each with an idle lifetime (TTL). The operations mirror actix-session's {@code SessionStore}
 * and are stricter in three ways: an expired session is never brought back to life under its old
 * key; a purged or renewed session's old key stops working at once and stays refused for a grace
 * period, so no request already under way can undo the purge or split the session; and {@link
 * #updateDelta} lets concurrent requests that touch different keys of one session lose nothing.
 *
 * <h2>Rules every operation follows</h2>
 * <ul>
 *   <li>Arguments are checked before anything is sent. A null key, state map or set of removed keys
 *       is a {@link NullPointerException}; a null key or value inside a state map, a key or value
 *       with an unpaired surrogate (text that UTF-8 cannot hold, so it could not be read back as
 *       given), or a TTL that is null, zero, negative or longer than {@link #MAX_TTL} is an {@link
 *       IllegalArgumentException}. A store written elsewhere gets these checks from {@link
 *       StoreArguments}.
 *   <li>Everything else is reported through the returned stage, which completes exceptionally with
 *       {@link LoadException}, {@link SaveException} or {@link UpdateException} (each with a
 *       {@link SessionStoreException.Kind}) or, for {@link #updateTtl} and {@link #delete}, with
 *       {@link SessionStoreException}. A failed write changes nothing that was stored, with one
 *       exception: a {@link #renew} that fails after its first step leaves the old key ended (see
 *       there).
 *   <li>A session lives at least its TTL after its last write or TTL update; how much longer is
 *       up to the store (the Hazelcast store: at most one second, TTLs in whole seconds).
 *   <li>Keys that start with {@value ReservedKeys#PREFIX} are {@linkplain ReservedKeys reserved}:
 *       a store never lets a session outlive its {@link ReservedKeys#DEADLINE} and uses its
 *       {@link ReservedKeys#IDLE_TIMEOUT} instead of the TTL it is given.
 *   <li>The maps a store returns are immutable; the maps given to it are copied before the call
 *       returns, so the caller may change them afterwards.
 *   <li>A store keeps sessions under their {@link SessionKey#id() identifier}, a digest of the key,
 *       so that nothing it holds can be used as a key.
 * </ul>
 */
public interface SessionStore {

    /** The longest TTL a store must accept: 365 days. */
    Duration MAX_TTL = Duration.ofDays(365);

    /**
     * Loads a session's state.
     *
     * @param key the session
     * @return the state, or empty if no live session has this key (never stored, deleted or
     *     expired); fails with {@link LoadException} of kind {@code DESERIALIZATION} if the stored
     *     value cannot be decoded, in which case it is left as it is
     */
    CompletionStage<Optional<Map<String, String>>> load(SessionKey key);

    /**
     * Stores the state of a new session under a newly generated key. Never overwrites another
     * session: a key that is already taken is replaced by a fresh one.
     *
     * @param state the state, possibly empty
     * @param ttl how long the session lives without further writes
     * @return the new session's key; fails with {@link SaveException} of kind {@code
     *     SERIALIZATION} if the state is larger than the store accepts, and then nothing is stored
     */
    CompletionStage<SessionKey> save(Map<String, String> state, Duration ttl);

    /**
     * Replaces a session's whole state and resets its TTL, as one atomic operation. If the session
     * expired, or its key was never issued, the old key stays dead: the state is saved under a new
     * key instead, as {@link #save} would. If it was {@linkplain #delete deleted} or {@linkplain
     * #renew renewed} within the store's grace period, nothing is stored and the update fails with
     * kind {@link SessionStoreException.Kind#ENDED ENDED}.
     *
     * @param key the session
     * @param state its new state
     * @param ttl how long the session lives from now without further writes
     * @return the key the state now lives under: {@code key} itself, or a new key if the session
     *     was gone; fails with {@link UpdateException} of kind {@code SERIALIZATION} if the state
     *     is larger than the store accepts, and then the stored state is untouched
     */
    CompletionStage<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl);

    /**
     * Resets a session's TTL without changing its state. A missing session is not an error: the
     * call succeeds and stores nothing.
     *
     * @param key the session
     * @param ttl how long the session lives from now without further writes
     * @return completes when done; fails with {@link SessionStoreException}
     */
    CompletionStage<Void> updateTtl(SessionKey key, Duration ttl);

    /**
     * Ends a session (sign-out): its key stops working at once. For the store's grace period the
     * key is remembered as ended, so that a write with it from a request still under way is
     * refused ({@link SessionStoreException.Kind#ENDED ENDED}) instead of storing anything; after
     * that the key is simply unknown. A missing session is not an error.
     *
     * @param key the session
     * @return completes when done; fails with {@link SessionStoreException}
     */
    CompletionStage<Void> delete(SessionKey key);

    /**
     * This store's operations as calls that return when they are done, for callers that wait for
     * the result anyway (a session scope does). The default calls this store and waits for the
     * stage; a store overrides it where working on the calling thread is cheaper, as the Hazelcast
     * store does.
     *
     * @return a view of this store that blocks; cheap to call, and safe to share between threads
     */
    default BlockingSessionStore blocking() {
        return new AwaitingSessionStore(this);
    }

    /**
     * Loads a session's state and resets its TTL, for a request that reads a session and keeps it
     * alive. A missing session stays missing. A store may skip the reset when the TTL was set
     * very recently (within a small, documented fraction of {@code ttl}); the session then ends at
     * most that much earlier than exact sliding expiry.
     *
     * <p>The default loads, then calls {@link #updateTtl}: two round trips, each failing as it
     * does alone (a {@link LoadException}, then a plain {@link SessionStoreException}). Stores
     * that can do both in one (the Hazelcast store does) override it.
     *
     * @param key the session
     * @param ttl how long the session lives from now without further writes
     * @return as {@link #load}
     */
    default CompletionStage<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        StoreArguments.requireTtl(ttl);
        return load(key).thenCompose(state -> state.isEmpty()
                ? CompletableFuture.completedFuture(state)
                : updateTtl(key, ttl).thenApply(ignored -> state));
    }

    /**
     * Changes some keys of a session's state and resets its TTL, leaving every other key as it is
     * in the store at that moment. Two requests that change different keys of one session
     * therefore both keep their changes. If the session expired or was never issued, the old key
     * stays dead and {@code changed} alone is saved under a new key (what was removed is absent
     * anyway); if it ended (deleted or renewed) within the grace period, nothing is stored and the
     * update fails with kind {@link SessionStoreException.Kind#ENDED ENDED}.
     *
     * <p>The default loads the state, merges, and calls {@link #update}: correct for one writer at
     * a time, but a concurrent change between the load and the update is lost. The Hazelcast
     * store overrides it with one atomic operation.
     *
     * @param key the session
     * @param changed keys to set, with their new values
     * @param removed keys to remove; a key in both sets is an {@link IllegalArgumentException}
     * @param ttl how long the session lives from now without further writes
     * @return the key the state now lives under: {@code key} itself, or a new key if the session
     *     was gone; fails with {@link UpdateException} of kind {@code SERIALIZATION} if the
     *     resulting state is larger than the store accepts, and then the stored state is untouched
     */
    default CompletionStage<SessionKey> updateDelta(SessionKey key, Map<String, String> changed,
            Set<String> removed, Duration ttl) {
        StoreArguments.requireDelta(key, changed, removed, ttl);
        Map<String, String> changedCopy = Map.copyOf(changed);
        Set<String> removedCopy = Set.copyOf(removed);
        return load(key).handle((loaded, failure) -> {
            if (failure != null) {
                throw new UpdateException(SessionStoreException.Kind.OTHER,
                        "could not load the session to update it", Failures.unwrap(failure));
            }
            return loaded;
        }).thenCompose(loaded -> {
            if (loaded.isEmpty()) {
                return update(key, changedCopy, ttl);
            }
            Map<String, String> merged = new HashMap<>(loaded.get());
            merged.keySet().removeAll(removedCopy);
            merged.putAll(changedCopy);
            return update(key, merged, ttl);
        });
    }

    /**
     * Moves a session's state to a new key (sign-in, against session fixation), with {@code
     * changed} and {@code removed} applied as by {@link #updateDelta}. The old key stops working in
     * the same step in which the state is taken from it: a write with the old key that reached the
     * store before that step is part of the moved state, and one after it is refused ({@link
     * SessionStoreException.Kind#ENDED ENDED}), for the store's grace period. Nobody holding only
     * the old key can learn the new one. If the session expired or was never issued, {@code
     * changed} alone is saved under a new key; if it had already ended, the renewal fails with
     * kind {@code ENDED}.
     *
     * <p>The default updates, loads, saves and deletes, each failing as it does alone ({@link
     * UpdateException}, {@link LoadException}, {@link SaveException}, a plain {@link
     * SessionStoreException}): correct for one writer at a time, but a write between its steps is
     * lost, and a failure after the save leaves both keys. The Hazelcast store overrides it: one
     * entry operation takes the state and ends the old key, a second stores it under the new key.
     * If that second step fails, the caller dies between the two, or it is only slow, the state
     * stays with the ended old key until the store recovers it there on a later load (some seconds
     * later), so it is not lost; until then the old key loads nothing, and a renewal whose second
     * step comes after such a recovery fails, renewing nothing.
     *
     * @param key the session
     * @param changed keys to set, with their new values
     * @param removed keys to remove; a key in both sets is an {@link IllegalArgumentException}
     * @param ttl how long the session lives from now without further writes
     * @return the new key; fails with {@link UpdateException} as {@link #updateDelta} does
     */
    default CompletionStage<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        StoreArguments.requireDelta(key, changed, removed, ttl);
        return updateDelta(key, changed, removed, ttl).thenCompose(current -> {
            if (!current.equals(key)) {
                return CompletableFuture.completedFuture(current); // it was gone: the changes have a new key
            }
            return load(key).thenCompose(state -> save(state.orElse(Map.of()), ttl))
                    .thenCompose(renewed -> delete(key).thenApply(deleted -> renewed));
        });
    }

    // ---- what operators need: sessions by principal, expiry, counts ----

    /**
     * The live sessions bound to {@code principal} (their {@link ReservedKeys#PRINCIPAL} entry), as
     * the store holds them now: no ended or expired session is listed.
     *
     * <p>The default fails the stage with {@link UnsupportedOperationException}: a store that can
     * find sessions by principal overrides it.
     *
     * @param principal the principal's name
     * @return the sessions, in no particular order
     */
    default CompletionStage<List<SessionInfo>> sessionsOf(String principal) {
        Objects.requireNonNull(principal, "principal must not be null");
        return CompletableFuture.failedFuture(new UnsupportedOperationException(this + " cannot list sessions by principal"));
    }

    /**
     * Ends every session bound to {@code principal}, as {@link #delete} ends one: their keys stop
     * working at once and stay refused for the grace period.
     *
     * <p>The default fails the stage with {@link UnsupportedOperationException}.
     *
     * @param principal the principal's name
     * @return the sessions it ended (those that were live)
     */
    default CompletionStage<List<SessionId>> endSessionsOf(String principal) {
        Objects.requireNonNull(principal, "principal must not be null");
        return CompletableFuture.failedFuture(new UnsupportedOperationException(this + " cannot end sessions by principal"));
    }

    /**
     * Tells {@code listener}, on {@code executor}, of each session that expires (not of those that
     * are deleted or renewed). How often an expiry is told, and by which process, is up to the
     * store; the Hazelcast store tells it once in the cluster, from the member that held it.
     *
     * @param listener what to tell
     * @param executor where the listener runs: never the store's own threads
     * @return closing it stops the notifications
     * @throws UnsupportedOperationException if this store cannot (the default)
     */
    default AutoCloseable subscribeToExpiry(ExpiryListener listener, Executor executor) {
        throw new UnsupportedOperationException(this + " cannot tell of expired sessions");
    }

    /**
     * How many session entries this process holds, where the store can tell (for a gauge); the
     * Hazelcast store counts the entries this member owns, tombstones included. Default: empty.
     */
    default OptionalLong localEntryCount() {
        return OptionalLong.empty();
    }
}
