package dev.weft.testing;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts real Hazelcast members and clients for tests: loopback only, TCP-IP join, no
 * multicast, no phone-home, and Java deserialization of Weft classes forbidden so that a Weft
 * type that slips into Java serialization fails loudly. Register it as a static
 * {@code @RegisterExtension} field: it shuts everything down after the test class.
 */
public final class TestMembers implements AfterAllCallback {

    private static final int FIRST_PORT = 5701;
    private static final int PORTS = 6;

    private final String clusterName = "weft-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> started = new ArrayList<>();

    /** Starts one more member of this cluster; it joins the members already running. */
    public HazelcastInstance startMember() {
        return startMember(java.util.Map.of());
    }

    /** As {@link #startMember()}, with Hazelcast properties of the test's own. */
    public HazelcastInstance startMember(java.util.Map<String, String> properties) {
        Config config = new Config();
        properties.forEach(config::setProperty);
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // Every map can be queried by principal, as startMember() configures the session map.
        config.addMapConfig(new com.hazelcast.config.MapConfig("*")
                .addAttributeConfig(new com.hazelcast.config.AttributeConfig(
                        dev.weft.store.hazelcast.PrincipalExtractor.ATTRIBUTE,
                        dev.weft.store.hazelcast.PrincipalExtractor.class.getName()))
                .addIndexConfig(new com.hazelcast.config.IndexConfig(com.hazelcast.config.IndexType.HASH,
                        dev.weft.store.hazelcast.PrincipalExtractor.ATTRIBUTE)));
        config.getSerializationConfig().setJavaSerializationFilterConfig(
                new JavaSerializationFilterConfig().setDefaultsDisabled(true));
        config.getSerializationConfig().getJavaSerializationFilterConfig().getBlacklist().addPrefixes("dev.weft");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(FIRST_PORT).setPortAutoIncrement(true).setPortCount(PORTS);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = FIRST_PORT; port < FIRST_PORT + PORTS; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return track(Hazelcast.newHazelcastInstance(config));
    }

    /** Starts a client connected to this cluster's members. */
    public HazelcastInstance startClient() {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        for (int port = FIRST_PORT; port < FIRST_PORT + PORTS; port++) {
            config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        }
        return track(HazelcastClient.newHazelcastClient(config));
    }

    private synchronized HazelcastInstance track(HazelcastInstance instance) {
        started.add(instance);
        return instance;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        shutdown();
    }

    /** Shuts down every member and client started here, clients first. */
    public synchronized void shutdown() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).shutdown();
        }
        started.clear();
    }
}
