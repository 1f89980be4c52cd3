package dev.weft.demo.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One demo node in its own JVM, started exactly as {@code demo/run} starts it: the packaged shop
 * with the packaged agent attached. Every node started is killed when the test JVM exits, even if
 * a test forgets.
 */
final class ShopNode implements AutoCloseable {

    private static final List<ShopNode> RUNNING = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ShopNode::kill)));
    }

    final int port;
    final int hazelcastPort;
    private final Process process;
    private final Path log;

    private ShopNode(int port, int hazelcastPort, Process process, Path log) {
        this.port = port;
        this.hazelcastPort = hazelcastPort;
        this.process = process;
        this.log = log;
    }

    /** Starts a node and waits until it serves and sees {@code clusterSize} members. */
    static ShopNode start(int port, int hazelcastPort, int clusterSize, Map<String, String> properties)
            throws IOException, InterruptedException {
        ShopNode node = launch(port, hazelcastPort, properties, true);
        node.awaitCluster(clusterSize, Duration.ofSeconds(60));
        return node;
    }

    /** Starts a node as {@code demo/run} would but without {@code -javaagent}, and does not wait for it. */
    static ShopNode launchWithoutAgent(int port, int hazelcastPort) throws IOException {
        return launch(port, hazelcastPort, Map.of(), false);
    }

    private static ShopNode launch(int port, int hazelcastPort, Map<String, String> properties, boolean agent)
            throws IOException {
        String classpath = required("weft.demo.classpath");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agent) {
            command.add("-javaagent:" + required("weft.agent.jar"));
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", classpath, "dev.weft.demo.ShopMain",
                "--port", String.valueOf(port), "--hz-port", String.valueOf(hazelcastPort)));
        Path log = Files.createTempFile("weft-demo-node-" + port + "-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ShopNode node = new ShopNode(port, hazelcastPort, process, log);
        RUNNING.add(node);
        return node;
    }

    /** Waits for the node's JVM to exit by itself; its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node " + port + " is still running:\n" + log());
        }
        RUNNING.remove(this);
        return process.exitValue();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the end-to-end"
                    + " tests through Maven (failsafe), which sets it");
        }
        return value;
    }

    /** Waits until this node answers and its cluster has {@code size} members. */
    void awaitCluster(int size, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + port + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> state = get("/api/state", null);
                last = state.body();
                if (state.statusCode() == 200 && state.body().contains("\nmembers=" + size + "\n")) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("node " + port + " did not see " + size + " members in time; last: "
                + last + "\n" + log());
    }

    HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The node's own line-per-fact state, as a map. */
    Map<String, String> state(String cookie) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/state", cookie);
        if (response.statusCode() != 200) {
            throw new IOException("node " + port + " answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, String> facts = new java.util.HashMap<>();
        for (String line : response.body().split("\n")) {
            String[] parts = line.split("=", 2);
            facts.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return facts;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: the JVM gets no chance to leave the cluster politely. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
