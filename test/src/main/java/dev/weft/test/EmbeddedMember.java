package dev.weft.test;

import com.hazelcast.config.AttributeConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.hazelcast.PrincipalExtractor;
import dev.weft.store.hazelcast.SessionMergePolicy;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Hazelcast member {@link WeftExtension} starts for a test class: alone in a cluster of its
 * own name, on loopback, with no discovery at all (no multicast, no TCP-IP join, no auto
 * detection), no phone-home, and quiet unless the JVM names a Hazelcast logging type. Its
 * session maps ({@value #MAP_PREFIX}*, one per test) are configured as {@code
 * HazelcastSessionStore.startMember()} configures production's: {@link SessionMergePolicy} and the
 * principal attribute ({@link PrincipalExtractor}) with a hash index, unless the user's
 * configuration chose otherwise.
 */
final class EmbeddedMember implements AutoCloseable {

    /** The first port the member tries; it takes the next free one of {@link #PORTS}. */
    static final int FIRST_PORT = 5701;
    static final int PORTS = 100;
    /**
     * The names of the tests' session maps, as a Hazelcast wildcard; it does not match the map
     * beside each one where the store records the expiries it told ({@code <map>.expired}).
     */
    static final String SESSION_MAPS = "weft.test.*.sessions";

    private final HazelcastInstance hazelcast;

    private EmbeddedMember(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The configuration before the user's changes. */
    static Config defaultConfig() {
        Config config = new Config();
        config.setClusterName("weft-test-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        if (System.getProperty("hazelcast.logging.type") == null && System.getProperty("hazelcast.logging.class") == null) {
            config.setProperty("hazelcast.logging.type", "none");
        }
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(FIRST_PORT).setPortAutoIncrement(true).setPortCount(PORTS);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        return config;
    }

    static EmbeddedMember start(Consumer<? super Config> configuration) {
        Config config = defaultConfig();
        configuration.accept(config);
        configureSessionMaps(config);
        return new EmbeddedMember(Hazelcast.newHazelcastInstance(config));
    }

    /**
     * Gives the tests' session maps what production's session map gets: the merge policy, unless
     * the user named one, and the principal attribute with its index, unless the user defined it.
     */
    static void configureSessionMaps(Config config) {
        MapConfig sessions = config.getMapConfig(SESSION_MAPS);
        MergePolicyConfig merge = sessions.getMergePolicyConfig();
        if (merge.getPolicy().equals(MergePolicyConfig.DEFAULT_MERGE_POLICY)) { // Hazelcast's default: not chosen
            merge.setPolicy(SessionMergePolicy.class.getName());
        }
        if (sessions.getAttributeConfigs().stream().noneMatch(a -> a.getName().equals(PrincipalExtractor.ATTRIBUTE))) {
            sessions.addAttributeConfig(new AttributeConfig(PrincipalExtractor.ATTRIBUTE, PrincipalExtractor.class.getName()));
            sessions.addIndexConfig(new IndexConfig(IndexType.HASH, PrincipalExtractor.ATTRIBUTE));
        }
    }

    /** The name of the {@code n}th test's session map, one that {@link #SESSION_MAPS} matches. */
    static String sessionMapName(long n) {
        return SESSION_MAPS.replace("*", Long.toString(n));
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}
