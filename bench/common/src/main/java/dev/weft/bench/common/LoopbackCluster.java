package dev.weft.bench.common;

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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A two-member Hazelcast cluster on loopback: this JVM is one member, a second member runs in a
 * child JVM that this class starts and always stops (on {@link #close()}, on a shutdown hook, and by
 * itself when its standard input closes, even after {@code kill -9} of this JVM: {@link
 * #runChildMember}).
 *
 * <p>{@link #memberConfig} is the part of the configuration every benchmark shares: loopback only,
 * TCP-IP join with each member's port listed on its own, multicast and auto-detection off, phone-home
 * and logging off, one synchronous backup (the default). Each benchmark adds its systems' maps (and
 * serializers) to it, the same on both members.
 */
public final class LoopbackCluster implements AutoCloseable {

    private final HazelcastInstance member;
    private final Process child;
    private final Thread killer;

    private LoopbackCluster(HazelcastInstance member, Process child, Thread killer) {
        this.member = member;
        this.child = child;
        this.killer = killer;
    }

    /** A member of cluster {@code clusterName} on 127.0.0.1:{@code port} that joins the members on {@code ports}. */
    public static Config memberConfig(String clusterName, int port, List<Integer> ports) {
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
        return config;
    }

    /**
     * Configures Weft's session map {@code name} as {@code HazelcastSessionStore.startMember()} does:
     * its merge policy and, when {@code principalIndex}, the principal attribute and its hash index.
     */
    public static MapConfig weftSessionMap(Config config, String name, boolean principalIndex) {
        MapConfig map = config.getMapConfig(name)
                .setMergePolicyConfig(new MergePolicyConfig(SessionMergePolicy.class.getName(), 100));
        if (principalIndex) {
            map.addAttributeConfig(new AttributeConfig(PrincipalExtractor.ATTRIBUTE, PrincipalExtractor.class.getName()))
                    .addIndexConfig(new IndexConfig(IndexType.HASH, PrincipalExtractor.ATTRIBUTE));
        }
        return map;
    }

    /**
     * Starts a member in this JVM with {@code config}, then the second member: {@code java
     * childJvmArgs... -cp <this class path> childMain childArgs...}, its output to {@code childLog};
     * and waits up to 120 s until both see each other. {@code childMain} builds the same configuration
     * for the other port and calls {@link #runChildMember}.
     */
    public static LoopbackCluster start(Config config, List<String> childJvmArgs, Path childLog, Class<?> childMain,
            List<String> childArgs) throws IOException, InterruptedException {
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
            command.add(childMain.getName());
            command.addAll(childArgs);
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
            return new LoopbackCluster(member, child, killer);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (child != null) {
                child.destroyForcibly();
            }
            member.getLifecycleService().terminate();
            throw e;
        }
    }

    /**
     * The second member's life, for its {@code main}: starts a member with {@code config}, then
     * leaves and exits when standard input ends (the first member's JVM closed it, or died).
     */
    public static void runChildMember(Config config) throws IOException {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        System.out.println("member started on port " + config.getNetworkConfig().getPort());
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the end of input
        }
        System.out.println("input closed: leaving");
        member.getLifecycleService().terminate();
        System.exit(0);
    }

    /** The member in this JVM. */
    public HazelcastInstance member() {
        return member;
    }

    /** The second member's process id, for profiling. */
    public long childPid() {
        return child.pid();
    }

    /** The second member's process, for its CPU time. */
    public ProcessHandle childProcess() {
        return child.toHandle();
    }

    /** Stops the second member (closing its stdin asks it to leave; it is killed after 20 s) and this member. */
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
