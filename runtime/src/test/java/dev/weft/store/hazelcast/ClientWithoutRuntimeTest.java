package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.internal.WeftDataSerializerHook;
import dev.weft.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A store over a cluster whose members lack {@code weft-runtime} fails once, when it is built,
 * with one clear error naming the member. The member without Weft runs in a child JVM whose class
 * path is this JVM's without the runtime's classes; the last test adds two members with Weft to
 * its cluster, so that the error must name the one member that lacks it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientWithoutRuntimeTest {

    private static final int BARE_PORT = 5786;
    private static final int[] WEFT_PORTS = {5787, 5788};
    private static final int OTHER_CLUSTER_PORT = 5789;
    private static final String BARE_CLUSTER = "weft-bare-" + UUID.randomUUID();
    private static final String BARE_ADDRESS = "[127.0.0.1]:" + BARE_PORT;

    private static ChildJvm bare;
    private static final List<HazelcastInstance> started = new ArrayList<>();

    @BeforeAll
    static void startMemberWithoutWeft() {
        List<String> classPath = ChildJvm.testClassPath();
        String runtimeClasses = ChildJvm.codeSource(WeftDataSerializerHook.class);
        String testClasses = ChildJvm.codeSource(ClientWithoutRuntimeTest.class);
        assertTrue(classPath.remove(runtimeClasses), "the runtime's classes are on the class path: " + classPath);
        assertTrue(classPath.remove(testClasses), "the test classes are on the class path: " + classPath);
        classPath.add(ChildJvm.classDirectory());
        bare = ChildJvm.start("member-without-weft", classPath, ChildJvm.class.getName(), BARE_CLUSTER,
                Integer.toString(BARE_PORT), Integer.toString(BARE_PORT), Integer.toString(WEFT_PORTS[0]),
                Integer.toString(WEFT_PORTS[1]));
        assertEquals(BARE_ADDRESS, bare.awaitLine("ready "));
    }

    @AfterAll
    static void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).getLifecycleService().terminate();
        }
        if (bare != null) {
            bare.kill();
        }
    }

    private static HazelcastInstance client(String cluster, int port) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(ChildJvm.PATIENCE_SECONDS * 1000);
        return track(HazelcastClient.newHazelcastClient(config));
    }

    private static synchronized HazelcastInstance track(HazelcastInstance instance) {
        started.add(instance);
        return instance;
    }

    /**
     * Waits until the client knows the owner of a partition (asking for one makes the cluster
     * assign its partitions if it had not yet); its partition table comes in a separate message,
     * up to half a second after the cluster assigned the partitions.
     */
    private static void awaitPartitionTable(HazelcastInstance client) {
        ChildJvm.await("the client's partition table",
                () -> client.getPartitionService().getPartition(new byte[32]).getOwner() != null);
    }

    /**
     * A client that has not received the partition table yet (a fresh cluster assigns its partitions
     * on first use and sends the table to clients 100-500 ms later) knows no owner at all: a check
     * that probes members through keys they own would probe nothing and build the store over members
     * that cannot run it (the first MemberCheck did). Here the cluster state NO_MIGRATION holds the
     * partition assignment off for as long as the check takes.
     */
    @Test
    @Order(0)
    void aClientThatHasNoPartitionTableYetIsCheckedAllTheSame() {
        bare.send("state NO_MIGRATION");
        assertEquals("NO_MIGRATION", bare.awaitLine("state "));
        try {
            HazelcastInstance client = client(BARE_CLUSTER, BARE_PORT);
            assertNull(client.getPartitionService().getPartition(new byte[32]).getOwner(), "no partition table yet");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new HazelcastSessionStore(client, "unchecked"),
                    "a store over a member without weft-runtime was built");
            assertTrue(e.getMessage().contains("weft-runtime"), e.getMessage());
        } finally {
            bare.send("state ACTIVE");
            assertEquals("ACTIVE", bare.awaitLine("state "));
        }
    }

    @Test
    @Order(1)
    void aClientWhoseMemberLacksWeftGetsOneClearErrorNamingTheMember() {
        HazelcastInstance client = client(BARE_CLUSTER, BARE_PORT);
        awaitPartitionTable(client);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new HazelcastSessionStore(client));

        assertEquals(IllegalStateException.class, e.getClass());
        assertTrue(e.getMessage().contains("weft-runtime"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Hazelcast member " + BARE_ADDRESS + " cannot run Weft's session"),
                e.getMessage());
        assertEquals(e.getMessage().indexOf(BARE_ADDRESS), e.getMessage().lastIndexOf(BARE_ADDRESS),
                "the member is named once: " + e.getMessage());
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            assertFalse(cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError,
                    "a class-loading failure leaked: " + cause);
            assertEquals(0, cause.getSuppressed().length);
        }
        assertFalse(e.getMessage().contains("ClassNotFoundException"), e.getMessage());
        // The check wrote nothing, and the client is unharmed.
        assertEquals(0, client.getMap(HazelcastSessionStore.DEFAULT_MAP_NAME).size());
        client.getMap("plain").set("k", "v");
        assertEquals("v", client.getMap("plain").get("k"));
    }

    @Test
    @Order(2)
    void aClientWhoseMembersHaveWeftBuildsAStoreThatWorks() {
        String cluster = "weft-with-runtime-" + UUID.randomUUID();
        track(Hazelcast.newHazelcastInstance(ChildJvm.memberConfig(cluster, OTHER_CLUSTER_PORT, OTHER_CLUSTER_PORT)));
        HazelcastSessionStore store = new HazelcastSessionStore(client(cluster, OTHER_CLUSTER_PORT));

        SessionKey key = store.blocking().save(Map.of("cart", "[]"), Duration.ofMinutes(5));
        assertEquals(Optional.of(Map.of("cart", "[]")), store.blocking().load(key));
    }

    @Test
    @Order(3)
    void inAClusterWhereOneMemberLacksWeftTheErrorNamesThatMember() {
        List<HazelcastInstance> withWeft = new ArrayList<>();
        for (int port : WEFT_PORTS) {
            withWeft.add(track(Hazelcast.newHazelcastInstance(ChildJvm.memberConfig(BARE_CLUSTER, port, BARE_PORT,
                    WEFT_PORTS[0], WEFT_PORTS[1]))));
        }
        HazelcastInstance member = withWeft.get(0);
        ChildJvm.await("three members", () -> member.getCluster().getMembers().size() == 3);
        ChildJvm.await("partitions to settle", () -> member.getPartitionService().isClusterSafe());
        for (Member each : member.getCluster().getMembers()) {
            assertNotNull(member.getPartitionService().getPartitions().stream()
                    .filter(p -> each.equals(p.getOwner())).findAny().orElse(null), each + " owns a partition");
        }

        HazelcastInstance client = client(BARE_CLUSTER, WEFT_PORTS[1]);
        ChildJvm.await("the client to see three members", () -> client.getCluster().getMembers().size() == 3);
        ChildJvm.await("the client's partition table to name every member", () -> client.getCluster().getMembers()
                .stream().allMatch(each -> client.getPartitionService().getPartitions().stream()
                        .anyMatch(p -> each.equals(p.getOwner()))));
        for (HazelcastInstance instance : List.of(member, client)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new HazelcastSessionStore(instance));
            assertTrue(e.getMessage().startsWith("Hazelcast member " + BARE_ADDRESS + " cannot run"), e.getMessage());
            for (int port : WEFT_PORTS) {
                assertFalse(e.getMessage().contains(":" + port), "only the member without Weft is named: "
                        + e.getMessage());
            }
        }
    }
}
