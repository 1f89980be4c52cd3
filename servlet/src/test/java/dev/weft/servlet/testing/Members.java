package dev.weft.servlet.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real Hazelcast members in the test JVM: loopback only, ports 5791-5799, TCP-IP join, no
 * multicast, no phone-home, one cluster per instance of this class. Shut them down with {@link
 * #shutdown()} (a test class does it once, after all its tests).
 */
public final class Members {

    private static final int FIRST_PORT = 5791;
    private static final int PORTS = 9;

    private final String clusterName = "weft-servlet-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> started = new ArrayList<>();

    /** Starts one more member of this cluster; it joins the members already running. */
    public synchronized HazelcastInstance start() {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
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
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        started.add(member);
        return member;
    }

    /** Shuts down every member started here. */
    public synchronized void shutdown() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).shutdown();
        }
        started.clear();
    }
}
