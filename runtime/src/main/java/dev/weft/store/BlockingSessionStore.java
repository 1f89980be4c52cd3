package dev.weft.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SessionStore}'s operations as calls that return when they are done, for a caller that
 * waits anyway: a {@link dev.weft.session.SessionScope} does all its store work this way. Get one
 * from {@link SessionStore#blocking()}.
 *
 * <p>Each method means exactly what the {@link SessionStore} method of the same name means, with
 * the same arguments, checks and guarantees. Where that method's stage would complete with a
 * value, this one returns it; where the stage would fail with a {@link SessionStoreException},
 * this one throws it (unwrapped). Like {@link java.util.concurrent.CompletableFuture#join()}, no
 * method gives up because the calling thread is interrupted; the interrupt stays set for the caller.
 *
 * <p>Why it exists: a store may do the work on the calling thread far more cheaply than through a
 * stage. The Hazelcast store does: Hazelcast hands the result of every asynchronous call to another
 * thread (on a machine with two cores or fewer, a new thread per call), which a caller that blocks
 * on the stage pays for on every request.
 */
public interface BlockingSessionStore {

    /**
     * {@link SessionStore#load}, waiting for the result.
     *
     * @throws LoadException as the stage would fail
     */
    Optional<Map<String, String>> load(SessionKey key);

    /**
     * {@link SessionStore#loadAndUpdateTtl}, waiting for the result.
     *
     * @throws LoadException as the stage would fail
     */
    Optional<Map<String, String>> loadAndUpdateTtl(SessionKey key, Duration ttl);

    /**
     * {@link SessionStore#save}, waiting for the result.
     *
     * @throws SaveException as the stage would fail
     */
    SessionKey save(Map<String, String> state, Duration ttl);

    /**
     * {@link SessionStore#update}, waiting for the result.
     *
     * @throws UpdateException as the stage would fail
     */
    SessionKey update(SessionKey key, Map<String, String> state, Duration ttl);

    /**
     * {@link SessionStore#updateDelta}, waiting for the result.
     *
     * @throws UpdateException as the stage would fail
     */
    SessionKey updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl);

    /**
     * {@link SessionStore#updateTtl}, waiting for it to be done.
     *
     * @throws SessionStoreException as the stage would fail
     */
    void updateTtl(SessionKey key, Duration ttl);

    /**
     * {@link SessionStore#delete}, waiting for it to be done.
     *
     * @throws SessionStoreException as the stage would fail
     */
    void delete(SessionKey key);

    /**
     * {@link SessionStore#renew}, waiting for the result.
     *
     * @throws UpdateException as the stage would fail
     */
    SessionKey renew(SessionKey key, Map<String, String> changed, Set<String> removed, Duration ttl);
}
