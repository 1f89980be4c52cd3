package dev.weft.test;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Hazelcast member {@link WeftExtension} starts for a test class: alone in a cluster of its
 * own name, on loopback, with no discovery at all (no multicast, no TCP-IP join, no auto
 * detection), no phone-home, and quiet unless the JVM names a Hazelcast logging type.
 */
final class EmbeddedMember implements AutoCloseable {

    /** The first port the member tries; it takes the next free one of {@link #PORTS}. */
    static final int FIRST_PORT = 5701;
    static final int PORTS = 100;

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
        return new EmbeddedMember(Hazelcast.newHazelcastInstance(config));
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}
