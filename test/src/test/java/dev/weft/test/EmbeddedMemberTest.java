package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.AttributeConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.session.Session;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.store.hazelcast.PrincipalExtractor;
import dev.weft.store.hazelcast.SessionMergePolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Hazelcast member the extension starts for a test class when asked. */
class EmbeddedMemberTest {

    static final List<HazelcastSessionStore> STORES = new CopyOnWriteArrayList<>();

    @Test
    void oneMemberServesTheClassWithAMapPerTestAndIsShutDownAfterIt() {
        STORES.clear();
        WeftExtensionLifecycleTest.run(OnAMember.class).testEvents().assertStatistics(stats -> stats.succeeded(2));
        assertEquals(2, STORES.size());
        HazelcastInstance member = STORES.get(0).hazelcast();
        assertSame(member, STORES.get(1).hazelcast());
        assertNotEquals(STORES.get(0).mapName(), STORES.get(1).mapName());
        assertFalse(member.getLifecycleService().isRunning(), "shut down after the class");
    }

    @Fixture
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OnAMember {
        @RegisterExtension
        static final WeftExtension weft = WeftExtension.builder()
                .embeddedMember(config -> config.getNetworkConfig().setPort(5761).setPortCount(9))
                .build();

        @Test
        @Order(1)
        @WithSession
        void isAloneOnLoopbackInAClusterOfItsOwn(HazelcastSessionStore store) {
            STORES.add(store);
            Session.current().insert("a", 1);
            HazelcastInstance member = store.hazelcast();
            assertEquals(1, member.getCluster().getMembers().size());
            Address address = member.getCluster().getLocalMember().getAddress();
            assertEquals("127.0.0.1", address.getHost());
            assertTrue(address.getPort() >= 5761 && address.getPort() <= 5769, address.toString());
            assertTrue(member.getConfig().getClusterName().startsWith("weft-test-"));
        }

        @Test
        @Order(2)
        void theMapOfTheTestBeforeIsGone(HazelcastSessionStore store) {
            STORES.add(store);
            String before = STORES.get(0).mapName();
            assertFalse(store.hazelcast().getDistributedObjects().stream().map(DistributedObject::getName)
                    .anyMatch(before::equals), "destroyed after its test");
        }
    }

    @Test
    void theSessionMapsGetProductionsMergePolicyAndPrincipalIndexUnlessTheUserChoseOtherwise() {
        Config defaults = EmbeddedMember.defaultConfig();
        EmbeddedMember.configureSessionMaps(defaults);
        MapConfig sessions = defaults.findMapConfig(EmbeddedMember.sessionMapName(7));
        assertEquals(SessionMergePolicy.class.getName(), sessions.getMergePolicyConfig().getPolicy());
        assertEquals(List.of(new AttributeConfig(PrincipalExtractor.ATTRIBUTE, PrincipalExtractor.class.getName())),
                sessions.getAttributeConfigs());
        assertEquals(1, sessions.getIndexConfigs().size());
        IndexConfig index = sessions.getIndexConfigs().get(0);
        assertEquals(IndexType.HASH, index.getType());
        assertEquals(List.of(PrincipalExtractor.ATTRIBUTE), index.getAttributes());

        Config chosen = EmbeddedMember.defaultConfig();
        chosen.getMapConfig(EmbeddedMember.SESSION_MAPS).getMergePolicyConfig()
                .setPolicy("com.hazelcast.spi.merge.LatestUpdateMergePolicy");
        EmbeddedMember.configureSessionMaps(chosen);
        assertEquals("com.hazelcast.spi.merge.LatestUpdateMergePolicy",
                chosen.findMapConfig(EmbeddedMember.sessionMapName(7)).getMergePolicyConfig().getPolicy());
    }

    @Test
    void theDefaultConfigurationHasNoDiscoveryAndNoPhoneHome() {
        Config config = EmbeddedMember.defaultConfig();
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getTcpIpConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
        assertTrue(config.getNetworkConfig().getInterfaces().isEnabled());
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        assertEquals(5701, config.getNetworkConfig().getPort());
        assertNotEquals(EmbeddedMember.defaultConfig().getClusterName(), config.getClusterName(), "a cluster per member");
    }
}
