package dev.weft.agent.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real Hazelcast members for the agent's tests: loopback only, TCP-IP join on {@value #PORTS}
 * ports from the given one (the agent's tests use 5711 and up), no multicast, no phone-home.
 */
public final class TestMembers {

    private static final int PORTS = 4;

    private final String clusterName = "weft-agent-test-" + UUID.randomUUID();
    private final int firstPort;
    private final List<HazelcastInstance> started = new ArrayList<>();

    public TestMembers(int firstPort) {
        this.firstPort = firstPort;
    }

    /** Starts one more member of this cluster; it joins the members already running. */
    public synchronized HazelcastInstance startMember() {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(firstPort).setPortAutoIncrement(true).setPortCount(PORTS);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = firstPort; port < firstPort + PORTS; port++) {
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
