package dev.weft.store.hazelcast.internal;

import dev.weft.store.LoadException;
import dev.weft.store.SaveException;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import dev.weft.store.SessionStoreException.Kind;
import dev.weft.store.UpdateException;
import dev.weft.store.hazelcast.internal.Operation.Done;
import dev.weft.store.hazelcast.internal.Operation.Next;
import dev.weft.store.hazelcast.internal.Operation.Step;
import dev.weft.store.hazelcast.internal.SessionProcessor.ApplyDelta;
import dev.weft.store.hazelcast.internal.SessionProcessor.ClaimSuccessor;
import dev.weft.store.hazelcast.internal.SessionProcessor.End;
import dev.weft.store.hazelcast.internal.SessionProcessor.FinishRenewal;
import dev.weft.store.hazelcast.internal.SessionProcessor.LoadAndResetTtl;
import dev.weft.store.hazelcast.internal.SessionProcessor.PutNew;
import dev.weft.store.hazelcast.internal.SessionProcessor.ResetTtl;
import dev.weft.store.hazelcast.internal.SessionProcessor.Retire;
import dev.weft.store.StoreArguments;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Prepares every operation of the Hazelcast store, once for both of its forms: checks the
 * arguments (throwing at once), encodes, builds the processors, and says what each result means.
 * A refusal known before anything is sent (a state over the limits) is thrown as the store's
 * exception, which the asynchronous form turns into a failed stage.
 */
public final class Operations {

    /** Attempts to find a free key before a save gives up; a collision is ~2^-381 likely. */
    static final int SAVE_ATTEMPTS = 8;
    /** The longest a renewal may take between its steps before a load recovers its session. */
    private static final long RECOVERY_AFTER_MILLIS = 10_000;

    private final Clock clock;
    private final long maxStateBytes;
    private final int maxEntries;
    private final double ttlExtensionWindow;
    private final long graceMillis;
    private final Supplier<SessionKey> keys;
    private final Runnable betweenRenewalSteps;

    /**
     * @param betweenRenewalSteps runs after a renewal took the state from the old key and before it
     *     stores it under the new one (tests pause there); normally does nothing
     */
    public Operations(Clock clock, long maxStateBytes, int maxEntries, double ttlExtensionWindow, Duration grace,
            Supplier<SessionKey> keys, Runnable betweenRenewalSteps) {
        this.clock = clock;
        this.maxStateBytes = maxStateBytes;
        this.maxEntries = maxEntries;
        this.ttlExtensionWindow = ttlExtensionWindow;
        this.graceMillis = grace.toMillis();
        this.keys = keys;
        this.betweenRenewalSteps = betweenRenewalSteps;
    }

    // ---- loads ----

    public Operation<Optional<Map<String, String>>> load(SessionKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return load(key, null, true);
    }

    public Operation<Optional<Map<String, String>>> loadAndUpdateTtl(SessionKey key, Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
        StoreArguments.requireTtl(ttl);
        return load(key, ttl, true);
    }

    /** A load, resetting the TTL if {@code ttl} is given; {@code recover}: may finish a stalled renewal. */
    private Operation<Optional<Map<String, String>>> load(SessionKey key, Duration ttl, boolean recover) {
        long now = clock.millis();
        byte[] digest = key.id().toBytes();
        LoadAndResetTtl processor = ttl == null ? null
                : new LoadAndResetTtl(ttlExtensionWindow, now, ttl.toMillis());
        return Operation.of(digest, processor, stored -> loaded(key, ttl, digest, stored, now, recover),
                Operations::loadFailure);
    }

    private Step<Optional<Map<String, String>>> loaded(SessionKey key, Duration ttl, byte[] digest, Object stored,
            long now, boolean recover) {
        if (stored == null) {
            return new Done<>(Optional.empty());
        }
        if (!StoredState.isReadable(stored)) {
            throw new LoadException(Kind.DESERIALIZATION, "the stored session is "
                    + (stored instanceof byte[] ? "not in a format this version of Weft reads"
                            : "a " + stored.getClass().getName() + ", not a state written by Weft")
                    + "; it was left as it is", null);
        }
        byte[] bytes = (byte[]) stored;
        byte kind = StoredState.kind(bytes);
        if (kind == StoredState.LIVE) {
            return new Done<>(StoredState.deadline(bytes) <= now ? Optional.empty()
                    : Optional.of(StoredState.decode(bytes)));
        }
        if (kind == StoredState.RENEWED && !StoredState.isSettled(bytes) && recover
                && now - StoredState.stamp(bytes) >= recoveryAfterMillis()) {
            return new Next<>(recovery(key, ttl, digest, StoredState.successor(bytes)));
        }
        return new Done<>(Optional.empty()); // ended, or a renewal still under way
    }

    private long recoveryAfterMillis() {
        return Math.min(RECOVERY_AFTER_MILLIS, graceMillis / 2);
    }

    /**
     * Finishes a renewal that stopped half-way (its caller died, its second step failed, or it is
     * only slow): if the successor was stored, the old key's tombstone is settled; if not, the new
     * key is claimed first, so that a slow renewal can no longer store it there, and the session
     * the tombstone keeps is reinstated under the old key. Then the load is made again.
     */
    private Operation<Optional<Map<String, String>>> recovery(SessionKey key, Duration ttl, byte[] digest,
            byte[] successor) {
        return Operation.of(successor, new ClaimSuccessor(digest, clock.millis(), graceMillis), claim -> {
            boolean reinstate = SessionProcessor.ABSENT.equals(claim);
            return new Next<>(Operation.of(digest, new FinishRenewal(successor, reinstate, clock.millis(), graceMillis),
                    finished -> new Next<>(load(key, ttl, false)), Operations::loadFailure));
        }, Operations::loadFailure);
    }

    // ---- writes ----

    public Operation<SessionKey> save(Map<String, String> state, Duration ttl) {
        StoreArguments.requireState(state);
        StoreArguments.requireTtl(ttl);
        return saveNew(state, ttl, Operations::saveFailure);
    }

    /** Stores {@code state} under a fresh key; {@code failure} maps what goes wrong. */
    private Operation<SessionKey> saveNew(Map<String, String> state, Duration ttl,
            Function<SessionStoreException, SessionStoreException> failure) {
        long now = clock.millis();
        byte[] pairs = StoredState.encode(state);
        byte[] value = StoredState.live(pairs, now);
        String crossing = StoredState.crossingKey(value, pairs, maxStateBytes, maxEntries);
        if (crossing != null) {
            throw failure.apply(new SaveException(Kind.SERIALIZATION, tooLarge(StoredState.size(value), crossing), null));
        }
        return putNew(value, now, ttl.toMillis(), 1, failure);
    }

    private Operation<SessionKey> putNew(byte[] value, long now, long ttlMillis, int attempt,
            Function<SessionStoreException, SessionStoreException> failure) {
        SessionKey key = keys.get();
        return Operation.of(key.id().toBytes(), new PutNew(value, now, ttlMillis), result -> {
            if (Boolean.FALSE.equals(result)) {
                if (attempt < SAVE_ATTEMPTS) {
                    return new Next<>(putNew(value, now, ttlMillis, attempt + 1, failure));
                }
                throw failure.apply(new SaveException(Kind.OTHER,
                        "every generated key was taken (" + SAVE_ATTEMPTS + " attempts)", null));
            }
            return new Done<>(key);
        }, cause -> failure.apply(saveFailure(cause)));
    }

    public Operation<SessionKey> update(SessionKey key, Map<String, String> state, Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
        StoreArguments.requireState(state);
        StoreArguments.requireTtl(ttl);
        return change(key, state, Set.of(), true, ttl);
    }

    public Operation<SessionKey> updateDelta(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        StoreArguments.requireDelta(key, changed, removed, ttl);
        return change(key, changed, removed, false, ttl);
    }

    private Operation<SessionKey> change(SessionKey key, Map<String, String> changed, Set<String> removed,
            boolean replace, Duration ttl) {
        Map<String, String> changedCopy = Map.copyOf(changed);
        byte[] pairs = StoredState.encode(changedCopy);
        ApplyDelta delta = new ApplyDelta(pairs, StoredState.encodeKeys(removed), replace, maxStateBytes, maxEntries,
                clock.millis(), ttl.toMillis());
        return Operation.of(key.id().toBytes(), delta, result -> {
            if (SessionProcessor.ABSENT.equals(result)) {
                return new Next<>(savedForGone(changedCopy, ttl));
            }
            refuseUnlessApplied(result);
            return new Done<>(key);
        }, Operations::updateFailure);
    }

    /** Saves the state of a session whose old key was gone, reporting failures as an update's. */
    private Operation<SessionKey> savedForGone(Map<String, String> state, Duration ttl) {
        return saveNew(state, ttl, cause -> new UpdateException(cause.kind(),
                "the session was gone and saving its state under a new key failed: " + cause.getMessage(), cause));
    }

    /** Throws the update refusal a processor's result means, unless it is {@link SessionProcessor#APPLIED}. */
    private void refuseUnlessApplied(Object result) {
        if (SessionProcessor.APPLIED.equals(result)) {
            return;
        }
        if (SessionProcessor.ENDED.equals(result)) {
            throw new UpdateException(Kind.ENDED,
                    "the session was purged or renewed while this request was under way; nothing was stored", null);
        }
        if (SessionProcessor.UNREADABLE.equals(result)) {
            throw new UpdateException(Kind.DESERIALIZATION,
                    "the stored session is not a state this version of Weft reads; it was left as it is", null);
        }
        if (result instanceof String[] refused) {
            throw new UpdateException(Kind.SERIALIZATION, tooLarge(
                    new StoredState.Size(Long.parseLong(refused[1]), Integer.parseInt(refused[2])), refused[0]), null);
        }
        throw new UpdateException(Kind.OTHER, "unexpected result from the session's entry processor: " + result, null);
    }

    public Operation<SessionKey> renew(SessionKey key, Map<String, String> changed, Set<String> removed,
            Duration ttl) {
        StoreArguments.requireDelta(key, changed, removed, ttl);
        Map<String, String> changedCopy = Map.copyOf(changed);
        SessionKey successor = keys.get();
        byte[] successorDigest = successor.id().toBytes();
        byte[] oldDigest = key.id().toBytes();
        Retire retire = new Retire(successorDigest, StoredState.encode(changedCopy), StoredState.encodeKeys(removed),
                maxStateBytes, maxEntries, clock.millis(), graceMillis, ttl.toMillis());
        return Operation.of(oldDigest, retire, result -> {
            if (SessionProcessor.ABSENT.equals(result)) {
                return new Next<>(savedForGone(changedCopy, ttl));
            }
            if (!(result instanceof byte[] body)) {
                refuseUnlessApplied(result);
                throw new IllegalStateException("unreachable: a renewal's first step answered " + result);
            }
            long now = clock.millis();
            return new Next<>(Operation.of(successorDigest, new PutNew(StoredState.moved(body, now), now, ttl.toMillis()),
                    stored -> {
                        if (Boolean.FALSE.equals(stored)) { // a generated key taken, or claimed by a recovery
                            throw new UpdateException(Kind.OTHER, "the renewal could not store the session under"
                                    + " its new key (taken, or claimed by a load of the old key that found the"
                                    + " renewal stalled); nothing was renewed: the session stays with its old key",
                                    null);
                        }
                        return new Next<>(settle(oldDigest, successorDigest, successor));
                    }, Operations::updateFailure).preceded(betweenRenewalSteps));
        }, Operations::updateFailure);
    }

    /**
     * The last step of a renewal: drops the moved state from the old key's tombstone. Its failure
     * is no failure of the renewal, whose session is stored under the new key: a later load of the
     * old key settles the tombstone, or it simply expires.
     */
    private Operation<SessionKey> settle(byte[] oldDigest, byte[] successorDigest, SessionKey successor) {
        return new Operation<>(oldDigest, new FinishRenewal(successorDigest, false, clock.millis(), graceMillis),
                settled -> new Done<>(successor), failed -> new Done<>(successor));
    }

    public Operation<Void> updateTtl(SessionKey key, Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
        StoreArguments.requireTtl(ttl);
        return Operation.of(key.id().toBytes(), new ResetTtl(clock.millis(), ttl.toMillis()),
                result -> new Done<>(null), // a missing, ended or unreadable session: nothing to do
                cause -> new SessionStoreException(Kind.OTHER, "could not update the session's TTL", cause));
    }

    public Operation<Void> delete(SessionKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return Operation.of(key.id().toBytes(), new End(clock.millis(), graceMillis), result -> new Done<>(null),
                cause -> new SessionStoreException(Kind.OTHER, "could not delete the session", cause));
    }

    // ---- failures ----

    private String tooLarge(StoredState.Size size, String key) {
        String over = size.bytes() > maxStateBytes
                ? size.bytes() + " bytes stored, more than the limit of " + maxStateBytes + " bytes"
                : size.entries() + " keys, more than the limit of " + maxEntries + " keys";
        return "the session's state would take " + over + "; the write of key '" + key + "' crossed it";
    }

    private static LoadException loadFailure(Throwable cause) {
        if (cause instanceof com.hazelcast.nio.serialization.HazelcastSerializationException) {
            return new LoadException(Kind.DESERIALIZATION,
                    "the stored session cannot be deserialized; it was left as it is", cause);
        }
        return new LoadException(Kind.OTHER, "could not load the session", cause);
    }

    private static SaveException saveFailure(Throwable cause) {
        return cause instanceof SaveException saved ? saved
                : new SaveException(Kind.OTHER, "could not save the session", cause);
    }

    private static UpdateException updateFailure(Throwable cause) {
        return new UpdateException(Kind.OTHER, "could not update the session", cause);
    }
}
