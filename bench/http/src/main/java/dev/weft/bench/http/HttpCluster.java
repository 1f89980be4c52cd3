package dev.weft.bench.http;

import com.hazelcast.config.AttributeConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.hazelcast.PrincipalExtractor;
import dev.weft.store.hazelcast.SessionMergePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.session.MapSession;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.hazelcast.HazelcastSessionSerializer;
import org.springframework.session.hazelcast.PrincipalNameExtractor;

/**
 * The two-member cluster the server runs on, as {@code bench/}'s {@code BenchCluster}: the server
 * JVM is one member, a child JVM it starts (and always stops: on {@link #close()}, by a shutdown
 * hook, and by itself when its standard input closes, even after {@code kill -9}) is the second.
 * Loopback only, TCP-IP join with each port listed, multicast and auto-detection off, phone-home and
 * logging off, one synchronous backup (the default).
 *
 * <p>Both members carry every system's map configuration, as each system's documentation asks:
 * Weft's maps as {@code HazelcastSessionStore.startMember()} sets them up (merge policy, principal
 * index); Spring Session's map with its principal-name attribute and index, and its recommended
 * {@link HazelcastSessionSerializer}; hazelcast-wm's map with the max-idle time it would set itself
 * if it started the member (it does not when given an {@code instance-name}); the reference
 * {@code imap-floor}'s map with a max-idle time, so plain reads slide its expiry.
 */
final class HttpCluster implements AutoCloseable {

    /** Every system's sessions live 30 minutes without requests. */
    static final Duration TTL = Duration.ofMinutes(30);
    /** The server member's instance name, which hazelcast-wm finds it by. */
    static final String INSTANCE_NAME = "weft-bench-http";

    static final String WEFT_MAP = "weft.sessions";
    static final String WEFT_HTTPSESSION_MAP = "weft-httpsession.sessions";
    static final String SPRING_MAP = HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME;
    static final String WM_MAP = "hazelcast-wm.sessions";
    static final String FLOOR_MAP = "imap-floor.sessions";

    private final HazelcastInstance member;
    private final Process child;
    private final Thread killer;

    private HttpCluster(HazelcastInstance member, Process child, Thread killer) {
        this.member = member;
        this.child = child;
        this.killer = killer;
    }

    /** The configuration of both members. */
    static Config config(String clusterName, int port, List<Integer> ports) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int p : ports) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + p);
        }
        for (String weft : List.of(WEFT_MAP, WEFT_HTTPSESSION_MAP)) {
            config.getMapConfig(weft)
                    .setMergePolicyConfig(new MergePolicyConfig(SessionMergePolicy.class.getName(), 100))
                    .addAttributeConfig(new AttributeConfig(PrincipalExtractor.ATTRIBUTE,
                            PrincipalExtractor.class.getName()))
                    .addIndexConfig(new IndexConfig(IndexType.HASH, PrincipalExtractor.ATTRIBUTE));
        }
        config.getMapConfig(SPRING_MAP)
                .addAttributeConfig(new AttributeConfig(HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE,
                        PrincipalNameExtractor.class.getName()))
                .addIndexConfig(new IndexConfig(IndexType.HASH,
                        HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE));
        config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                .setImplementation(new HazelcastSessionSerializer()).setTypeClass(MapSession.class));
        config.getMapConfig(WM_MAP).setMaxIdleSeconds((int) TTL.toSeconds());
        config.getMapConfig(FLOOR_MAP).setMaxIdleSeconds((int) TTL.toSeconds());
        return config;
    }

    /**
     * Starts the member in this JVM on {@code firstPort}, then the child member on the next port,
     * and waits until both see each other.
     */
    static HttpCluster start(int firstPort, List<String> childJvmArgs, Path childLog)
            throws IOException, InterruptedException {
        String clusterName = "weft-bench-http-" + ProcessHandle.current().pid();
        List<Integer> ports = List.of(firstPort, firstPort + 1);
        Config config = config(clusterName, firstPort, ports);
        config.setInstanceName(INSTANCE_NAME);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        Process child = null;
        try {
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(childJvmArgs);
            command.add("-Djava.net.preferIPv4Stack=true");
            command.add("-Dhazelcast.logging.type=none");
            command.add("-Dhazelcast.phone.home.enabled=false");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ClusterMember.class.getName());
            command.add(clusterName);
            command.add(Integer.toString(firstPort + 1));
            for (int p : ports) {
                command.add(Integer.toString(p));
            }
            childLog.toAbsolutePath().getParent().toFile().mkdirs();
            child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
            Process started = child;
            Thread killer = new Thread(started::destroyForcibly, "kill-member-2");
            Runtime.getRuntime().addShutdownHook(killer);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (member.getCluster().getMembers().size() < 2) {
                if (!child.isAlive()) {
                    throw new IllegalStateException("the second member exited with " + child.exitValue() + "; see "
                            + childLog);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the second member did not join within 120 s; see " + childLog);
                }
                Thread.sleep(100);
            }
            return new HttpCluster(member, child, killer);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (child != null) {
                child.destroyForcibly();
            }
            member.getLifecycleService().terminate();
            throw e;
        }
    }

    HazelcastInstance member() {
        return member;
    }

    long childPid() {
        return child.pid();
    }

    /** Stops the child member (closing its stdin asks it to leave; killed after 20 s) and this member. */
    @Override
    public void close() {
        try {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            child.destroyForcibly();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            member.getLifecycleService().terminate();
        }
    }
}
