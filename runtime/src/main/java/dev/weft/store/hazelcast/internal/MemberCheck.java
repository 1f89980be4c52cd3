package dev.weft.store.hazelcast.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks, once when a store is built, that every member of the cluster can run Weft's entry
 * processors, so that a member (or a client's cluster) without {@code weft-runtime} on its class
 * path is one clear error at start-up, not a serialization failure on every request.
 */
public final class MemberCheck {

    /** Random keys tried per member to find one the member owns, before giving up on covering it. */
    private static final int ATTEMPTS = 10_000;

    private MemberCheck() {
    }

    /**
     * Runs the {@link Probe} on a key each member owns.
     *
     * @throws IllegalStateException naming the member that cannot run it, and why
     */
    public static void requireWeftOnMembers(HazelcastInstance hazelcast, IMap<byte[], Object> map) {
        Set<Member> left = new HashSet<>(hazelcast.getCluster().getMembers());
        for (int attempt = 0; attempt < ATTEMPTS && !left.isEmpty(); attempt++) {
            byte[] key = new byte[32];
            ThreadLocalRandom.current().nextBytes(key);
            Member owner = hazelcast.getPartitionService().getPartition(key).getOwner();
            if (owner == null || !left.remove(owner)) {
                continue;
            }
            Object answer;
            try {
                answer = map.executeOnKey(key, new Probe());
            } catch (RuntimeException e) {
                if (isOtherWeftVersion(e)) {
                    warnOtherVersion(owner, "an older one");
                    continue;
                }
                throw new IllegalStateException("Hazelcast member " + owner.getAddress()
                        + " cannot run Weft's session operations: every member that holds the map '" + map.getName()
                        + "' needs weft-runtime (the jar alone) on its class path (" + e + ")", e);
            }
            if (!Integer.valueOf(Probe.FORMAT).equals(answer)) {
                warnOtherVersion(owner, "one that writes stored format " + answer);
            }
        }
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
    private static void warnOtherVersion(Member member, String version) {
        System.getLogger(MemberCheck.class.getName()).log(System.Logger.Level.WARNING, "Hazelcast member "
                + member.getAddress() + " runs another Weft version (" + version + "; this one writes stored format "
                + Probe.FORMAT + "): sessions it owns fail until every member runs one version");
    }
}
