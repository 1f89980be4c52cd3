package dev.weft.store.hazelcast.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.query.Predicates;
import dev.weft.store.ExpiryListener;
import dev.weft.store.SessionId;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Tells of expired sessions once in the cluster. Each member listens locally: Hazelcast fires an
 * expiry on the partition owner only. When an owner dies right after it expired entries, their
 * backups (which Hazelcast removes some seconds later) expire again on the promoted member, so
 * each expiry is first recorded in a map beside the session map ({@code <map>.expired}, entries
 * kept ten minutes): an expiry already recorded is not told again. Recording comes first, so an
 * owner that dies between recording and telling loses that expiry (at most once). Tombstones
 * expire without a word.
 */
public final class Expiries {

    private static final System.Logger LOG = System.getLogger(Expiries.class.getName());
    private static final long TOLD_MINUTES = 10;

    private Expiries() {
    }

    /**
     * Starts telling {@code listener} on {@code executor}.
     *
     * @throws UnsupportedOperationException if {@code hazelcast} is a client, which hears no local events
     */
    public static AutoCloseable subscribe(HazelcastInstance hazelcast, IMap<byte[], Object> sessions,
            ExpiryListener listener, Executor executor) {
        if (!(hazelcast.getLocalEndpoint() instanceof Member)) {
            throw new UnsupportedOperationException("a Hazelcast client hears no expiries of sessions: the members"
                    + " that own them do; run the listener in a program that is a member");
        }
        IMap<byte[], Boolean> told = hazelcast.getMap(sessions.getName() + ".expired");
        EntryExpiredListener<byte[], Object> expired = event -> {
            byte[] digest = event.getKey();
            Object last = event.getOldValue();
            try {
                executor.execute(() -> tell(told, digest, last, listener));
            } catch (RejectedExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "the expiry of session " + SessionId.fromBytes(digest)
                        + " was not told: the listener's executor refused it", e);
            }
        };
        UUID registration = sessions.addLocalEntryListener(expired, Predicates.alwaysTrue(), true);
        return () -> sessions.removeEntryListener(registration);
    }

    private static void tell(IMap<byte[], Boolean> told, byte[] digest, Object last, ExpiryListener listener) {
        if (!StoredState.isReadable(last) || StoredState.kind((byte[]) last) != StoredState.LIVE) {
            return; // a tombstone's grace ended, or a value Weft does not read
        }
        if (told.putIfAbsent(digest, Boolean.TRUE, TOLD_MINUTES, TimeUnit.MINUTES) != null) {
            return; // told already, by the member that owned it before
        }
        SessionId id = SessionId.fromBytes(digest);
        try {
            listener.expired(id, StoredState.decode(last));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the expiry listener failed for session " + id, e);
        }
    }
}
