package dev.weft.testing;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Hazelcast member (or anything else) in a separate JVM, for tests that kill a process or need a
 * class path other than the test JVM's. The test side starts it ({@link #start}), waits for the
 * lines it prints ({@link #awaitLine}), writes lines to its standard input ({@link #send}) and
 * kills it ({@link #kill}, SIGKILL). Every child main of the tests reads its standard input and
 * exits when it closes, so that a child does not outlive a test JVM that dies.
 *
 * <p>This class uses only the JDK and Hazelcast, never Weft's runtime: a child whose class path
 * lacks {@code weft-runtime} runs its {@link #main} from a copy of this class alone ({@link
 * #classDirectory}).
 */
public final class ChildJvm implements AutoCloseable {

    /** How long a wait for a child's line or a cluster's state may take before the test fails. */
    public static final long PATIENCE_SECONDS = 90;

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "child-jvm-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM with the given class path, quiet and offline as the
     * test JVMs are (no phone-home, no Hazelcast logs, IPv4); its standard error goes with its
     * standard output.
     */
    public static ChildJvm start(String name, List<String> classPath, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=none",
                "-Djava.net.preferIPv4Stack=true", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, classPath), mainClass));
        command.addAll(Arrays.asList(args));
        try {
            return new ChildJvm(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start child JVM " + name, e);
        }
    }

    /** The test JVM's class path, entry by entry. */
    public static List<String> testClassPath() {
        return new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
    }

    /** The class path entry (directory or jar) {@code type} was loaded from. */
    public static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new temporary directory holding only this class's class files: a class path entry for {@link #main}. */
    public static String classDirectory() {
        try {
            Path root = Files.createTempDirectory("weft-child-jvm");
            String relative = ChildJvm.class.getName().replace('.', '/');
            Path from = Path.of(codeSource(ChildJvm.class)).resolve(relative).getParent();
            // Deleted at exit in the reverse order of registration: the files, then each directory
            // from the deepest up to the root.
            Path to = root;
            to.toFile().deleteOnExit();
            for (Path part : root.relativize(root.resolve(relative).getParent())) {
                to = Files.createDirectory(to.resolve(part));
                to.toFile().deleteOnExit();
            }
            try (var files = Files.list(from)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("ChildJvm")).toList()) {
                    Files.copy(file, to.resolve(file.getFileName())).toFile().deleteOnExit();
                }
            }
            return root.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.append(line).append('\n');
                lines.add(line);
            }
        } catch (IOException e) {
            output.append("(output lost: ").append(e).append(")\n");
        }
    }

    /**
     * Waits for the child's next line that starts with {@code prefix} (earlier lines are
     * skipped) and returns the rest of it.
     *
     * @throws AssertionError if the child exits or says nothing of the kind for {@value #PATIENCE_SECONDS} s
     */
    public String awaitLine(String prefix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    throw new AssertionError("child JVM " + name + " exited (" + process.exitValue()
                            + ") before printing '" + prefix + "'; its output:\n" + output);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for child JVM " + name, e);
        }
        throw new AssertionError("child JVM " + name + " did not print '" + prefix + "'; its output:\n" + output);
    }

    /** Writes one line to the child's standard input. */
    public void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("child JVM " + name + " does not read its input; its output:\n" + output, e);
        }
    }

    /** Everything the child printed so far. */
    public String output() {
        return output.toString();
    }

    /** Kills the child with SIGKILL ({@link Process#destroyForcibly()}) and waits until it is gone. Idempotent. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM " + name + " (pid " + process.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** Waits until {@code condition} holds, checking every 50 ms; fails naming {@code what} after {@value #PATIENCE_SECONDS} s. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    // ---- the child's side ----

    /**
     * A member configuration for tests spanning JVMs: loopback only, this exact port, TCP-IP join
     * listing each of {@code ports} separately, no multicast, no phone-home, no logs, Java
     * deserialization of Weft classes forbidden, and fast failure detection (heartbeat every
     * second, a member silent for 5 s is dropped) and split-brain healing (every 2 s).
     */
    public static Config memberConfig(String clusterName, int port, int... ports) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.partition.count", "31");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        config.getSerializationConfig().setJavaSerializationFilterConfig(
                new JavaSerializationFilterConfig().setDefaultsDisabled(true));
        config.getSerializationConfig().getJavaSerializationFilterConfig().getBlacklist().addPrefixes("dev.weft");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int member : ports) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + member);
        }
        return config;
    }

    /**
     * A plain Hazelcast member: {@code clusterName port memberPort...}. Prints {@code ready
     * <address>} once started. On the line {@code state <ClusterState>} on its standard input it
     * changes the cluster's state and prints {@code state <ClusterState>}. Exits when its standard
     * input closes.
     */
    public static void main(String[] args) throws IOException {
        int[] ports = Arrays.stream(args).skip(2).mapToInt(Integer::parseInt).toArray();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(
                memberConfig(args[0], Integer.parseInt(args[1]), ports));
        System.out.println("ready " + member.getCluster().getLocalMember().getAddress());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("state ")) {
                try {
                    member.getCluster().changeClusterState(ClusterState.valueOf(line.substring("state ".length())));
                    System.out.println("state " + member.getCluster().getClusterState());
                } catch (RuntimeException e) {
                    System.out.println("failed " + e);
                }
                System.out.flush();
            }
        }
        Runtime.getRuntime().halt(0); // the test JVM closed our input, or died
    }
}
