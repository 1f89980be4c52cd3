package dev.weft.store.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SessionId;
import dev.weft.store.SessionInfo;
import dev.weft.store.SessionStoreException;
import dev.weft.store.hazelcast.PrincipalExtractor;
import dev.weft.store.hazelcast.PrincipalLimit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sessions by principal, on the session map itself: an indexed query on the attribute {@link
 * PrincipalExtractor} extracts from each live session, so a listing never holds a gone session,
 * and a request that does not change its principal pays nothing. The most sessions a principal
 * may have is enforced under a lock on the principal's name (in a lock map beside the session
 * map), taken only by a write that binds a principal: two sign-ins of one principal on two
 * members cannot both pass the limit.
 */
public final class Principals {

    /** How long a lock is held at most, should its holder die (Hazelcast also frees a dead member's locks). */
    private static final long LOCK_LEASE_SECONDS = 30;

    private final IMap<byte[], Object> sessions;
    private final IMap<String, Boolean> locks;
    private final Clock clock;
    private final long graceMillis;
    private final int max;
    private final PrincipalLimit whenOver;
    private final Runnable afterCheck;
    private final BiConsumer<SessionId, Map<String, String>> endedForLimit;

    /**
     * @param max the most sessions a principal may have, or 0 for no limit
     * @param whenOver what happens when a write would pass it (ignored without a limit)
     * @param afterCheck runs between the limit's check and the write (tests pause there)
     * @param endedForLimit told of each session ended to make room, with its last state
     */
    public Principals(HazelcastInstance hazelcast, IMap<byte[], Object> sessions, Clock clock, long graceMillis,
            int max, PrincipalLimit whenOver, Runnable afterCheck,
            BiConsumer<SessionId, Map<String, String>> endedForLimit) {
        this.sessions = sessions;
        this.locks = hazelcast.getMap(sessions.getName() + ".principals");
        this.clock = clock;
        this.graceMillis = graceMillis;
        this.max = max;
        this.whenOver = whenOver;
        this.afterCheck = afterCheck;
        this.endedForLimit = endedForLimit;
    }

    /** The live sessions bound to {@code principal}. */
    public List<SessionInfo> sessionsOf(String principal) {
        long now = clock.millis();
        List<SessionInfo> found = new ArrayList<>();
        for (Map.Entry<byte[], Object> entry : query(principal)) {
            Object value = entry.getValue();
            if (!StoredState.isReadable(value) || StoredState.kind((byte[]) value) != StoredState.LIVE
                    || StoredState.deadline((byte[]) value) <= now) {
                continue;
            }
            Map<String, String> state = StoredState.decode(value);
            found.add(new SessionInfo(SessionId.fromBytes(entry.getKey()), ReservedKeys.instant(state, ReservedKeys.CREATED),
                    Instant.ofEpochMilli(StoredState.stamp((byte[]) value)), Optional.of(principal)));
        }
        return found;
    }

    /** Ends every session bound to {@code principal}; those that were live. */
    public List<SessionId> endSessionsOf(String principal) {
        Map<byte[], Object> results;
        try {
            results = sessions.executeOnEntries(new SessionProcessor.End(clock.millis(), graceMillis), byPrincipal(principal));
        } catch (RuntimeException e) {
            throw unqueryable(e);
        }
        List<SessionId> ended = new ArrayList<>();
        results.forEach((digest, result) -> {
            if (SessionProcessor.End.ended(result)) {
                ended.add(SessionId.fromBytes(digest));
            }
        });
        return ended;
    }

    /** The principal {@code changed} binds a session to, if a limit applies to it; else null. */
    public String limitedPrincipal(Map<String, String> changed) {
        return max > 0 ? changed.get(ReservedKeys.PRINCIPAL) : null;
    }

    /**
     * Makes a write that binds a session to {@code principal} under the principal's lock, after
     * making room or refusing as the limit says.
     *
     * @param rebinding the digest of the session being written, if it is an existing one (it is
     *     already counted if it has this principal), or null
     * @param refusal the store's exception for a refusal, from its message
     */
    public <T> T bindingUnderLimit(String principal, byte[] rebinding, Supplier<T> write,
            Function<String, SessionStoreException> refusal) {
        locks.lock(principal, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
        try {
            List<SessionInfo> others = new ArrayList<>(sessionsOf(principal));
            if (rebinding != null) {
                others.removeIf(info -> Arrays.equals(info.id().toBytes(), rebinding));
            }
            int over = others.size() + 1 - max;
            if (over > 0) {
                if (whenOver == PrincipalLimit.REFUSE_NEWER) {
                    throw refusal.apply("the principal already has " + others.size() + " sessions, the most allowed is "
                            + max + "; the newer was refused and nothing stored");
                }
                others.sort(Comparator.comparing((SessionInfo info) -> info.created().orElse(info.lastAccessed())));
                for (SessionInfo oldest : others.subList(0, over)) {
                    Object ended = sessions.executeOnKey(oldest.id().toBytes(),
                            new SessionProcessor.End(clock.millis(), graceMillis));
                    if (ended instanceof byte[] last) {
                        endedForLimit.accept(oldest.id(), StoredState.decode(last));
                    }
                }
            }
            afterCheck.run();
            return write.get();
        } finally {
            locks.unlock(principal);
        }
    }

    private java.util.Set<Map.Entry<byte[], Object>> query(String principal) {
        try {
            return sessions.entrySet(byPrincipal(principal));
        } catch (RuntimeException e) {
            throw unqueryable(e);
        }
    }

    private static Predicate<byte[], Object> byPrincipal(String principal) {
        return Predicates.equal(PrincipalExtractor.ATTRIBUTE, principal);
    }

    /**
     * What a failed query by principal means: a member without the principal attribute (Hazelcast
     * names the attribute it cannot find), or a failure of the store like any other (a member
     * gone, a timeout).
     */
    private RuntimeException unqueryable(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(PrincipalExtractor.ATTRIBUTE)) {
                return new IllegalStateException("the map '" + sessions.getName() + "' cannot be queried by principal:"
                        + " its members must configure the attribute " + PrincipalExtractor.ATTRIBUTE + " with "
                        + PrincipalExtractor.class.getName() + " (HazelcastSessionStore.startMember() does; see that"
                        + " class)", e);
            }
        }
        return new SessionStoreException(SessionStoreException.Kind.OTHER, "could not query the sessions of a"
                + " principal in the map '" + sessions.getName() + "'", e);
    }
}
