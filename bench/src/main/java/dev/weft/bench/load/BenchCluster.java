package dev.weft.bench.load;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.session.MapSession;
import org.springframework.session.hazelcast.HazelcastSessionSerializer;

/**
 * The two-member benchmark cluster: this JVM is one member, a second member runs in a child JVM
 * that this class starts and always stops (on {@link #close()}, on a shutdown hook, and by itself
 * when this JVM's pipe to it closes, even after {@code kill -9}).
 *
 * <p>Loopback only, TCP-IP join with each member's port listed on its own, multicast and
 * auto-detection off, phone-home and logging off. Both members carry the same configuration:
 * Spring Session's recommended {@link HazelcastSessionSerializer} for {@link MapSession}, and the
 * map of the "floor" system with a max-idle time, so plain reads slide its expiry.
 */
public final class BenchCluster implements AutoCloseable {

    /** The maps each system keeps its sessions in. */
    public static final String WEFT_MAP = "weft.sessions";
    public static final String SPRING_MAP = "spring:session:sessions";
    public static final String RAW_MAP = "raw.sessions";
    public static final String FLOOR_MAP = "floor.sessions";
    /** Weft's map without the principal index, to measure what the index costs (memory step only). */
    public static final String WEFT_UNINDEXED_MAP = "weft.unindexed";

    private final HazelcastInstance member;
    private final Process child;
    private final Thread killer;

    private BenchCluster(HazelcastInstance member, Process child, Thread killer) {
        this.member = member;
        this.child = child;
        this.killer = killer;
    }

    /** The Hazelcast configuration both members use. */
    static Config config(String clusterName, int port, List<Integer> ports, Duration ttl) {
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
        config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                .setImplementation(new HazelcastSessionSerializer()).setTypeClass(MapSession.class));
        config.getMapConfig(FLOOR_MAP).setMaxIdleSeconds((int) ttl.getSeconds());
        // The session map as HazelcastSessionStore.startMember() configures it: merge policy, principal index.
        config.getMapConfig(WEFT_MAP)
                .setMergePolicyConfig(new com.hazelcast.config.MergePolicyConfig(
                        dev.weft.store.hazelcast.SessionMergePolicy.class.getName(), 100))
                .addAttributeConfig(new com.hazelcast.config.AttributeConfig(
                        dev.weft.store.hazelcast.PrincipalExtractor.ATTRIBUTE,
                        dev.weft.store.hazelcast.PrincipalExtractor.class.getName()))
                .addIndexConfig(new com.hazelcast.config.IndexConfig(com.hazelcast.config.IndexType.HASH,
                        dev.weft.store.hazelcast.PrincipalExtractor.ATTRIBUTE));
        config.getMapConfig(WEFT_UNINDEXED_MAP)
                .setMergePolicyConfig(new com.hazelcast.config.MergePolicyConfig(
                        dev.weft.store.hazelcast.SessionMergePolicy.class.getName(), 100));
        return config;
    }

    /**
     * Starts the member in this JVM, then the child member, and waits until both see each other.
     *
     * @param firstPort this member's port; the child gets the next one
     * @param childJvmArgs JVM options for the child (heap size, GC)
     * @param childLog where the child's output goes
     */
    public static BenchCluster start(int firstPort, List<String> childJvmArgs, Path childLog, Duration ttl)
            throws IOException, InterruptedException {
        String clusterName = "weft-bench-" + ProcessHandle.current().pid();
        List<Integer> ports = List.of(firstPort, firstPort + 1);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(clusterName, firstPort, ports, ttl));
        Process child = null;
        Thread killer = null;
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
            command.add(Long.toString(ttl.getSeconds()));
            for (int p : ports) {
                command.add(Integer.toString(p));
            }
            childLog.toAbsolutePath().getParent().toFile().mkdirs();
            child = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(childLog.toFile()).start();
            Process started = child;
            killer = new Thread(() -> started.destroyForcibly(), "kill-member-2");
            Runtime.getRuntime().addShutdownHook(killer);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (member.getCluster().getMembers().size() < 2) {
                if (!child.isAlive()) {
                    throw new IllegalStateException("the second member exited with " + child.exitValue()
                            + "; see " + childLog);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the second member did not join within 120 s; see " + childLog);
                }
                Thread.sleep(100);
            }
            return new BenchCluster(member, child, killer);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (child != null) {
                child.destroyForcibly();
            }
            member.shutdown();
            throw e;
        }
    }

    /** The member in this JVM. */
    public HazelcastInstance member() {
        return member;
    }

    /** The child member's process id, for profiling. */
    public long childPid() {
        return child.pid();
    }

    /** The child member's process, for its CPU time. */
    public ProcessHandle childProcess() {
        return child.toHandle();
    }

    /** Stops the child member (closing its stdin asks it to leave; it is killed after 20 s) and this member. */
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
