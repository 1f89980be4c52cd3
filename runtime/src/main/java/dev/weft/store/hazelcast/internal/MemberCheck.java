package dev.weft.store.hazelcast.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks, once when a store is built, that every member of the cluster can run Weft's entry
 * processors, so that a member (or a client's cluster) without {@code weft-runtime} on its class
 * path is one clear error at start-up, not a serialization failure on every request.
 *
 * <p>One partition-wide {@link Probe} matching no entry reaches every data member whatever the
 * caller knows of the cluster (a new client has no partition table yet). Only if it fails are the
 * members probed one by one, through a key each owns, to name the one that cannot run it.
 */
public final class MemberCheck {

    /** Random keys tried per member to find one the member owns, before giving up on naming it. */
    private static final int ATTEMPTS = 10_000;
    /** How long to wait for the partition table (a new client learns it from the cluster). */
    private static final long OWNERS_WAIT_MILLIS = 3_000;

    private MemberCheck() {
    }

    /**
     * Probes every data member.
     *
     * @throws IllegalStateException naming the member that cannot run the probe, and why
     */
    public static void requireWeftOnMembers(HazelcastInstance hazelcast, IMap<byte[], Object> map) {
        try {
            map.executeOnEntries(new Probe(), Predicates.alwaysFalse());
            return;
        } catch (RuntimeException failure) {
            if (isOtherWeftVersion(failure)) {
                warn("a member runs another Weft version, an older one without this probe: sessions it owns fail"
                        + " until every member runs one version");
                return;
            }
            probeOneByOne(hazelcast, map);
            throw cannotRun("a member of the cluster", map, failure);
        }
    }

    /** Throws naming the first member whose own key's probe fails; returns if none could be named. */
    private static void probeOneByOne(HazelcastInstance hazelcast, IMap<byte[], Object> map) {
        Set<Member> left = new HashSet<>(hazelcast.getCluster().getMembers());
        left.removeIf(Member::isLiteMember);
        long deadline = System.currentTimeMillis() + OWNERS_WAIT_MILLIS;
        for (int attempt = 0; !left.isEmpty() && System.currentTimeMillis() < deadline; attempt++) {
            byte[] key = new byte[32];
            ThreadLocalRandom.current().nextBytes(key);
            Member owner = hazelcast.getPartitionService().getPartition(key).getOwner();
            if (owner == null) {
                pause(); // the partition table is not known here yet
                continue;
            }
            if (!left.remove(owner)) {
                if (attempt > ATTEMPTS) {
                    return;
                }
                continue;
            }
            try {
                map.executeOnKey(key, new Probe());
            } catch (RuntimeException e) {
                throw cannotRun("Hazelcast member " + owner.getAddress(), map, e);
            }
        }
    }

    private static IllegalStateException cannotRun(String who, IMap<byte[], Object> map, RuntimeException cause) {
        return new IllegalStateException(who + " cannot run Weft's session operations: every member that holds"
                + " the map '" + map.getName() + "' needs weft-runtime (the jar alone) on its class path (" + cause + ")",
                cause);
    }

    /** Whether a member refused the probe because its Weft does not know it (a deploy in progress). */
    private static boolean isOtherWeftVersion(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("unknown Weft class id")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Members of different Weft versions side by side (during a rolling deploy) are allowed: each
     * refuses what it cannot read, leaving it as it is, so the warning says what to expect.
     */
    private static void warn(String message) {
        System.getLogger(MemberCheck.class.getName()).log(System.Logger.Level.WARNING, message);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
