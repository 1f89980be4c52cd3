package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.internal.StoredState;
import dev.weft.testing.ChildJvm;
import dev.weft.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member killed (SIGKILL) between a renewal's first and second step: the renewing member runs
 * in a child JVM ({@link RenewingMember}) and owns the session's partition, so only the backup on
 * this JVM's member is left. The old key must stay ended while the renewal may still be under
 * way, then come back with the session as it was before the renewal; the new key was never
 * stored.
 */
class RenewalCrashTest {

    private static final int LOCAL_PORT = 5784;
    private static final int CHILD_PORT = 5785;
    private static final Duration TTL = Duration.ofMinutes(10);
    /** A load reinstates a stalled renewal's session after min(10 s, grace / 2); the default grace is 60 s. */
    private static final Duration RECOVERY_DELAY = Duration.ofSeconds(10);

    private static final String CLUSTER = "weft-renewal-crash-" + UUID.randomUUID();
    private static HazelcastInstance local;
    private static ChildJvm child;
    private static Member childMember;

    @BeforeAll
    static void start() {
        try {
            local = Hazelcast.newHazelcastInstance(ChildJvm.memberConfig(CLUSTER, LOCAL_PORT, LOCAL_PORT, CHILD_PORT));
            child = ChildJvm.start("renewing-member", ChildJvm.testClassPath(), RenewingMember.class.getName(),
                    CLUSTER, Integer.toString(CHILD_PORT), Integer.toString(LOCAL_PORT), Integer.toString(CHILD_PORT));
            child.awaitLine("ready ");
            ChildJvm.await("the child to join", () -> local.getCluster().getMembers().size() == 2);
            ChildJvm.await("partitions to settle", () -> local.getPartitionService().isClusterSafe());
            childMember = local.getCluster().getMembers().stream()
                    .filter(member -> !member.localMember()).findFirst().orElseThrow();
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (child != null) {
            child.kill();
        }
        if (local != null) {
            local.getLifecycleService().terminate();
        }
    }

    @Test
    void aSessionWhoseRenewerDiedBetweenTheStepsComesBackUnderItsOldKeyWithoutTheRenewal() {
        MutableClock clock = new MutableClock();
        HazelcastSessionStore store = HazelcastSessionStore.builder(local).clock(clock)
                .keys(RenewalCrashTest::keyOwnedByChild).build();
        IMap<byte[], Object> map = local.getMap(store.mapName());
        Map<String, String> before = Map.of("cart", "[\"apple\"]");
        SessionKey old = store.blocking().save(before, TTL);
        assertEquals(childMember, local.getPartitionService().getPartition(old.id().toBytes()).getOwner(),
                "the renewing member owns the session; this member has its backup");

        child.send("renew " + old.value());
        SessionKey successor = SessionKey.parse(child.awaitLine("successor "));
        child.awaitLine("between");
        child.kill();

        ChildJvm.await("the killed member to leave", () -> local.getCluster().getMembers().size() == 1);
        ChildJvm.await("this member to own every partition", () -> local.getPartitionService().getPartitions()
                .stream().allMatch(p -> local.getCluster().getLocalMember().equals(p.getOwner())));
        Object tombstone = map.get(old.id().toBytes());
        assertInstanceOf(byte[].class, tombstone, "the backup kept the first step's tombstone");
        byte[] retired = (byte[]) tombstone;
        assertEquals(StoredState.RENEWED, StoredState.kind(retired));
        assertFalse(StoredState.isSettled(retired));
        assertArrayEquals(successor.id().toBytes(), StoredState.successor(retired),
                "the tombstone names the new key the child chose");

        // The store's clock, just before the recovery delay has passed since the first step.
        long retiredAt = StoredState.stamp(retired);
        clock.advance(Duration.ofMillis(retiredAt + RECOVERY_DELAY.toMillis() - 1 - clock.millis()));
        assertEquals(Optional.empty(), store.blocking().load(old), "the renewal may still be under way");
        assertEquals(Optional.empty(), store.blocking().load(successor));

        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.of(before), store.blocking().load(old),
                "reinstated as it was before the renewal, without the renewal's changes");
        assertEquals(Optional.empty(), store.blocking().load(successor), "the new key was never stored");
        byte[] claim = (byte[]) map.get(successor.id().toBytes());
        assertEquals(StoredState.RENEWED, StoredState.kind(claim), "the new key is claimed, not live");
        assertArrayEquals(old.id().toBytes(), StoredState.successor(claim),
                "the claim names the old key, so the renewal could no longer store its session there");
        assertEquals(StoredState.LIVE, StoredState.kind((byte[]) map.get(old.id().toBytes())));

        assertEquals(old, store.blocking().updateDelta(old, Map.of("more", "1"), Set.of(), TTL),
                "a write with the old key succeeds");
        assertEquals(Optional.of(Map.of("cart", "[\"apple\"]", "more", "1")), store.blocking().load(old));
        assertTrue(RenewingMember.RENEWAL_CHANGES.keySet().stream()
                .noneMatch(store.blocking().load(old).orElseThrow()::containsKey));
    }

    /** A fresh key whose partition the child member owns. */
    private static SessionKey keyOwnedByChild() {
        while (true) {
            SessionKey key = SessionKey.generate();
            if (childMember.equals(local.getPartitionService().getPartition(key.id().toBytes()).getOwner())) {
                return key;
            }
        }
    }
}
