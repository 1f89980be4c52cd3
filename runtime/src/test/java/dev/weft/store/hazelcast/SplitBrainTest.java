package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.FirewallingNodeContext;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.server.FirewallingServer.FirewallingServerConnectionManager;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.test.Accessors;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException.Kind;
import dev.weft.store.UpdateException;
import dev.weft.store.hazelcast.internal.StoredState;
import dev.weft.testing.ChildJvm;
import dev.weft.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real split brain: three TCP members in this JVM split 2|1 (their connections cut by
 * Hazelcast's {@link FirewallingNodeContext}), a store on each side writing to the same sessions,
 * then the heal, in which the single member's entries merge into the pair's. The session map has
 * {@link SessionMergePolicy}, as {@link HazelcastSessionStore#startMember()} configures it; a second
 * map keeps Hazelcast's default, {@link PutIfAbsentMergePolicy}, to show what the policy is for.
 *
 * <p>The split, the writes and the heal happen once, in {@link #splitWriteOnBothSidesAndHeal()};
 * each test checks what became of some sessions. Every session is saved before the split under a
 * key the single member owns, so both sides hold a copy of it during the split. "Later" for the
 * per-key merge is by the stores' clock, one {@link MutableClock} moved forward between writes.
 */
class SplitBrainTest {

    private static final int[] PORTS = {5781, 5782, 5783};
    private static final String SESSIONS = "sessions";
    private static final String DEFAULT_POLICY = "default-policy";
    private static final Duration TTL = Duration.ofMinutes(10);
    /** Longer than the test: an ended key must still hold its tombstone after the heal. */
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final Map<String, String> BEFORE = Map.of("cart", "[\"apple\"]");

    private static final HazelcastInstance[] members = new HazelcastInstance[3];
    private static final MutableClock clock = new MutableClock();

    // Sessions of the SESSIONS map: purged on the single member's side (A1) or the pair's (A2),
    // written on both sides (B), renewed on the single member's side (C1) or the pair's (C2).
    private static SessionKey a1;
    private static SessionKey a2;
    private static SessionKey b;
    private static SessionKey c1;
    private static SessionKey c1Renewed;
    private static SessionKey c2;
    private static SessionKey c2Renewed;
    // Sessions of the DEFAULT_POLICY map: purged on the single member's side, written on both sides.
    private static SessionKey plainA;
    private static SessionKey plainB;

    @BeforeAll
    static void splitWriteOnBothSidesAndHeal() {
        try {
            String cluster = "weft-split-" + UUID.randomUUID();
            for (int i = 0; i < members.length; i++) {
                members[i] = HazelcastInstanceFactory.newHazelcastInstance(config(cluster, PORTS[i]), "split-" + i,
                        new FirewallingNodeContext());
            }
            awaitMembers(3, 3, 3);
            ChildJvm.await("partitions to settle", () -> members[0].getPartitionService().isClusterSafe());
            scenario();
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        for (HazelcastInstance member : members) {
            if (member != null) {
                member.getLifecycleService().terminate();
            }
        }
    }

    private static Config config(String cluster, int port) {
        Config config = ChildJvm.memberConfig(cluster, port, PORTS);
        config.addMapConfig(new MapConfig(SESSIONS)
                .setMergePolicyConfig(new MergePolicyConfig(SessionMergePolicy.class.getName(), 100)));
        assertEquals(PutIfAbsentMergePolicy.class.getName(),
                config.getMapConfig(DEFAULT_POLICY).getMergePolicyConfig().getPolicy());
        return config;
    }

    private static void scenario() {
        HazelcastInstance single = members[2];
        Member singleMember = single.getCluster().getLocalMember();
        // One store per side and map; saves pick keys the single member owns (during the split it
        // owns every partition of its side, so the supplier still ends at once there).
        BlockingSessionStore small = HazelcastSessionStore.builder(single).mapName(SESSIONS).clock(clock)
                .tombstoneGrace(GRACE).keys(() -> keyOwnedBy(single, singleMember)).build().blocking();
        BlockingSessionStore plainSmall = HazelcastSessionStore.builder(single).mapName(DEFAULT_POLICY).clock(clock)
                .tombstoneGrace(GRACE).keys(() -> keyOwnedBy(single, singleMember)).build().blocking();
        BlockingSessionStore large = store(members[0], SESSIONS);
        BlockingSessionStore plainLarge = store(members[0], DEFAULT_POLICY);

        a1 = small.save(BEFORE, TTL);
        a2 = small.save(BEFORE, TTL);
        b = small.save(Map.of("pre", "0", "x", "0", "y", "0"), TTL);
        c1 = small.save(BEFORE, TTL);
        c2 = small.save(BEFORE, TTL);
        plainA = plainSmall.save(BEFORE, TTL);
        plainB = plainSmall.save(Map.of("pre", "0"), TTL);

        split();

        clock.advance(Duration.ofSeconds(1));
        small.delete(a1);
        assertEquals(a1, large.updateDelta(a1, Map.of("late", "1"), Set.of(), TTL));
        large.delete(a2);
        assertEquals(a2, small.updateDelta(a2, Map.of("late", "1"), Set.of(), TTL));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(b, large.updateDelta(b, Map.of("large", "1", "x", "large"), Set.of(), TTL));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(b, small.updateDelta(b, Map.of("small", "1", "x", "small", "y", "small"), Set.of("pre"), TTL));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(b, large.updateDelta(b, Map.of("y", "large"), Set.of(), TTL));

        clock.advance(Duration.ofSeconds(1));
        c1Renewed = small.renew(c1, Map.of("renewed", "small"), Set.of(), TTL);
        assertEquals(c1, large.updateDelta(c1, Map.of("late", "1"), Set.of(), TTL));
        c2Renewed = large.renew(c2, Map.of("renewed", "large"), Set.of(), TTL);
        assertEquals(c2, small.updateDelta(c2, Map.of("late", "1"), Set.of(), TTL));

        plainSmall.delete(plainA);
        assertEquals(plainA, plainLarge.updateDelta(plainA, Map.of("late", "1"), Set.of(), TTL));
        assertEquals(plainB, plainLarge.updateDelta(plainB, Map.of("large", "1"), Set.of(), TTL));
        assertEquals(plainB, plainSmall.updateDelta(plainB, Map.of("small", "1"), Set.of(), TTL));

        heal();
    }

    /** Cuts the single member off the pair and waits until each side runs on its own. */
    private static void split() {
        for (int i = 0; i < 2; i++) {
            block(members[i], members[2]);
        }
        awaitMembers(2, 2, 1);
        Member single = members[2].getCluster().getLocalMember();
        ChildJvm.await("each side to own all its partitions", () ->
                members[2].getPartitionService().getPartitions().stream().allMatch(p -> single.equals(p.getOwner()))
                && members[0].getPartitionService().getPartitions().stream()
                        .allMatch(p -> p.getOwner() != null && !single.equals(p.getOwner())));
        ChildJvm.await("the pair to settle", () -> members[0].getPartitionService().isClusterSafe());
    }

    /** Reconnects the sides and waits until the single member has merged its entries into the pair's. */
    private static void heal() {
        CountDownLatch merged = new CountDownLatch(1);
        members[2].getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                merged.countDown();
            }
        });
        for (int i = 0; i < 2; i++) {
            unblock(members[i], members[2]);
        }
        try {
            assertTrue(merged.await(ChildJvm.PATIENCE_SECONDS, TimeUnit.SECONDS), "the single member merged");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        awaitMembers(3, 3, 3);
        ChildJvm.await("partitions to settle", () -> members[0].getPartitionService().isClusterSafe());
    }

    // What SplitBrainTestSupport.blockCommunicationBetween/unblockCommunicationBetween do; that
    // class itself cannot be loaded here, since its base class needs JUnit 4.

    private static void block(HazelcastInstance one, HazelcastInstance other) {
        Node a = Accessors.getNode(one);
        Node b = Accessors.getNode(other);
        firewall(a).blockNewConnection(b.getThisAddress());
        firewall(b).blockNewConnection(a.getThisAddress());
        firewall(a).closeActiveConnection(b.getThisAddress());
        firewall(b).closeActiveConnection(a.getThisAddress());
    }

    private static void unblock(HazelcastInstance one, HazelcastInstance other) {
        Node a = Accessors.getNode(one);
        Node b = Accessors.getNode(other);
        firewall(a).unblock(b.getThisAddress());
        firewall(b).unblock(a.getThisAddress());
    }

    private static FirewallingServerConnectionManager firewall(Node node) {
        return (FirewallingServerConnectionManager) node.getServer().getConnectionManager(EndpointQualifier.MEMBER);
    }

    private static void awaitMembers(int... sizes) {
        ChildJvm.await("cluster sizes " + java.util.Arrays.toString(sizes), () -> {
            for (int i = 0; i < sizes.length; i++) {
                if (members[i].getCluster().getMembers().size() != sizes[i]) {
                    return false;
                }
            }
            return true;
        });
    }

    private static SessionKey keyOwnedBy(HazelcastInstance view, Member owner) {
        while (true) {
            SessionKey key = SessionKey.generate();
            if (owner.equals(view.getPartitionService().getPartition(key.id().toBytes()).getOwner())) {
                return key;
            }
        }
    }

    private static BlockingSessionStore store(HazelcastInstance member, String map) {
        return HazelcastSessionStore.builder(member).mapName(map).clock(clock).tombstoneGrace(GRACE).build().blocking();
    }

    /** The healed cluster, through a store on each of the former sides. */
    private static BlockingSessionStore[] healed(String map) {
        return new BlockingSessionStore[] {store(members[0], map), store(members[2], map)};
    }

    private static void assertEnded(BlockingSessionStore store, SessionKey key) {
        assertEquals(Optional.empty(), store.load(key), "an ended session loads nothing");
        UpdateException refused = assertThrows(UpdateException.class,
                () -> store.updateDelta(key, Map.of("after", "heal"), Set.of(), TTL));
        assertEquals(Kind.ENDED, refused.kind(), "a write with an ended session's key is refused");
    }

    private static byte kind(String map, SessionKey key) {
        return StoredState.kind((byte[]) members[1].getMap(map).get(key.id().toBytes()));
    }

    @Test
    void aSessionPurgedOnEitherSideStaysEndedThoughTheOtherSideWroteToIt() {
        for (BlockingSessionStore store : healed(SESSIONS)) {
            assertEnded(store, a1);
            assertEnded(store, a2);
        }
        assertEquals(StoredState.PURGED, kind(SESSIONS, a1));
        assertEquals(StoredState.PURGED, kind(SESSIONS, a2));
    }

    @Test
    void writesOnBothSidesMergeKeyByKeyTheLaterWriteOrRemovalWinning() {
        for (BlockingSessionStore store : healed(SESSIONS)) {
            assertEquals(Optional.of(Map.of("large", "1", "small", "1", "x", "small", "y", "large")), store.load(b),
                    "each side's keys kept; x and y as last written; pre as last removed");
        }
    }

    @Test
    void aSessionRenewedOnEitherSideKeepsItsOldKeyEndedAndItsStateUnderTheNewKey() {
        for (BlockingSessionStore store : healed(SESSIONS)) {
            assertEnded(store, c1);
            assertEnded(store, c2);
            // The other side's write with the old key is lost: the renewal ended that key.
            assertEquals(Optional.of(Map.of("cart", "[\"apple\"]", "renewed", "small")), store.load(c1Renewed));
            assertEquals(Optional.of(Map.of("cart", "[\"apple\"]", "renewed", "large")), store.load(c2Renewed));
        }
        assertEquals(StoredState.RENEWED, kind(SESSIONS, c1));
        assertEquals(StoredState.RENEWED, kind(SESSIONS, c2));
    }

    /** Why the session map needs SessionMergePolicy: Hazelcast's default keeps the pair's copy whole. */
    @Test
    void hazelcastsDefaultPolicyLosesTheSingleSidesWritesAndUndoesItsPurge() {
        for (BlockingSessionStore store : healed(DEFAULT_POLICY)) {
            assertEquals(Optional.of(Map.of("pre", "0", "large", "1")), store.load(plainB),
                    "the single member's acknowledged write of 'small' is lost");
            assertEquals(Optional.of(Map.of("cart", "[\"apple\"]", "late", "1")), store.load(plainA),
                    "the purged session is live again");
        }
        assertEquals(StoredState.LIVE, kind(DEFAULT_POLICY, plainA));
    }
}
