package dev.weft.bench.http;

import dev.weft.bench.common.CpuMeter;
import dev.weft.bench.common.Options;
import dev.weft.bench.common.RoundGate;
import dev.weft.bench.common.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Histogram;

/**
 * Issue 13's HTTP benchmark: the client JVM. It starts the server JVM ({@link BenchServer}, with
 * the Weft agent; it starts the second member), creates every system's sessions through HTTP, then
 * drives the same requests against each system in alternating rounds after a warm-up round each,
 * and writes {@code summary.md}, {@code summary.tsv}, {@code rounds.csv} and {@code load.png}. See
 * bench/README.md ("HTTP") for the options and what is measured.
 *
 * <p>A request picks one of the system's sessions uniformly at random and sends its cookies; every
 * {@code write-every}th request of each client thread writes. Threads run closed-loop, one
 * keep-alive connection each, so latencies are service times and throughput is requests over wall
 * time.
 */
public final class HttpBench {

    private final Map<String, String> options;
    private final List<byte[]> validBodies = Payload.validBodies();
    private Process server;
    private BufferedReader serverOut;
    private OutputStream serverIn;

    private HttpBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("systems", String.join(",", SystemServer.NAMES));
        defaults.put("sessions", "10000");
        defaults.put("threads", "8");
        defaults.put("rounds", "7");
        defaults.put("round-seconds", "5");
        defaults.put("warmup-seconds", "12");
        defaults.put("write-every", "5");
        defaults.put("client", "raw");
        defaults.put("http-port", "18400");
        defaults.put("hazelcast-port", "5743");
        defaults.put("server-jvm", "-Xmx6g -XX:+UseG1GC");
        defaults.put("member-jvm", "-Xmx6g -XX:+UseG1GC");
        defaults.put("agent", "bench/http/target/weft-agent.jar");
        defaults.put("out", "bench/results/http-10k");
        defaults.put("jfr", "");
        HttpBench bench = new HttpBench(Options.parse("HttpBench", defaults, args));
        try {
            bench.run();
        } finally {
            bench.stopServer();
        }
        System.exit(0);
    }

    private int integer(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        Run run = Run.start(options);
        Path out = run.out();
        List<String> names = Arrays.stream(options.get("systems").split(",")).map(String::trim).toList();
        Map<String, Integer> ports = startServer(names, out);
        CpuMeter meter = new CpuMeter(ProcessHandle.current(), server.toHandle(), // SystemStats.CLIENT, SERVER, MEMBER
                ProcessHandle.of(memberPid).orElseThrow(() -> new IllegalStateException("no second member process")));
        Map<String, String> descriptions = describe();
        int sessions = integer("sessions");
        List<SystemStats> totals = new ArrayList<>();
        Map<String, AtomicReferenceArray<String>> cookies = new LinkedHashMap<>();
        Map<String, HttpClient> jdkClients = new LinkedHashMap<>();
        for (String name : names) {
            SystemStats total = new SystemStats(name);
            total.description = descriptions.getOrDefault(name, "");
            totals.add(total);
            if (options.get("client").equals("jdk")) {
                jdkClients.put(name, JdkConnection.newClient());
            }
            long t0 = System.nanoTime();
            cookies.put(name, populate(name, ports.get(name), sessions, jdkClients.get(name)));
            System.out.printf("populated %-18s %,d sessions through HTTP in %.1f s%n", name, sessions,
                    (System.nanoTime() - t0) / 1e9);
        }
        long warmup = TimeUnit.SECONDS.toNanos(integer("warmup-seconds"));
        for (SystemStats total : totals) {
            SystemStats discard = runRound(total.system, ports.get(total.system), cookies.get(total.system),
                    jdkClients.get(total.system), warmup, meter);
            System.out.printf("warm-up   %-18s %,10.0f req/s  errors %d%n", total.system, discard.throughput(),
                    discard.errorCount());
        }
        StringBuilder rounds = new StringBuilder("round,system,seconds,requests,requests_per_s,mean_us,p50_us,p99_us,"
                + "errors,set_cookies,ops_per_read,ops_per_write,server_cpu_ms,member_cpu_ms,client_cpu_ms,"
                + "server_cpu_us_per_request,member_cpu_us_per_request,servers_cpu_us_per_request,"
                + "client_cpu_us_per_request,servers_kernel_pct,steal_pct,other_cpu_pct\n");
        long roundNanos = TimeUnit.SECONDS.toNanos(integer("round-seconds"));
        jfr("JFR.start", "name=http-bench");
        for (int round = 1; round <= integer("rounds"); round++) {
            for (SystemStats total : totals) {
                SystemStats one = runRound(total.system, ports.get(total.system), cookies.get(total.system),
                        jdkClients.get(total.system), roundNanos, meter);
                total.add(one);
                Histogram all = one.all();
                CpuMeter.Interval cpu = one.cpu;
                long serverNanos = cpu.nanos(SystemStats.SERVER);
                long memberNanos = cpu.nanos(SystemStats.MEMBER);
                long clientNanos = cpu.nanos(SystemStats.CLIENT);
                double servers = one.perRequest(serverNanos + memberNanos);
                System.out.printf("round %d   %-18s %,10.0f req/s  p50 %,6.0f us  p99 %,6.0f us  errors %d"
                        + "  CPU/request servers %.1f us (%.1f + %.1f; kernel %.0f%%), client %.1f us  steal %.1f%%"
                        + "  other %.1f%%%n", round, total.system, one.throughput(), all.getValueAtPercentile(50) / 1e3,
                        all.getValueAtPercentile(99) / 1e3, one.errorCount(), servers, one.perRequest(serverNanos),
                        one.perRequest(memberNanos), one.serversKernelPercent(), one.perRequest(clientNanos),
                        cpu.stealPercent(), cpu.otherPercent());
                rounds.append(String.format(Locale.ROOT, "%d,%s,%.3f,%d,%.1f,%.1f,%.1f,%.1f,%d,%d,%.3f,%.3f,%.0f,%.0f,%.0f,"
                        + "%.2f,%.2f,%.2f,%.2f,%.1f,%.2f,%.1f%n", round, total.system, one.seconds, one.requests(),
                        one.throughput(), all.getMean() / 1e3, all.getValueAtPercentile(50) / 1e3,
                        all.getValueAtPercentile(99) / 1e3, one.errorCount(), one.setCookies, one.opsPerRead(),
                        one.opsPerWrite(), serverNanos / 1e6, memberNanos / 1e6, clientNanos / 1e6,
                        one.perRequest(serverNanos), one.perRequest(memberNanos), servers,
                        one.perRequest(clientNanos), one.serversKernelPercent(), cpu.stealPercent(),
                        cpu.otherPercent()));
            }
        }
        Instant finished = Instant.now();
        jfr("JFR.stop", "name=http-bench");
        run.end(finished);
        Files.writeString(out.resolve("rounds.csv"), rounds);
        HttpReport report = new HttpReport(run, totals, serverCommand);
        Files.writeString(out.resolve("summary.md"), report.markdown());
        Files.writeString(out.resolve("summary.tsv"), report.tsv());
        HttpCharts.load(totals, String.format("Sessions through HTTP on Jetty 12: %,d sessions, %s client threads,"
                + " keep-alive, 2 Hazelcast members", sessions, options.get("threads")), out.resolve("load.png"));
        System.out.println();
        System.out.println(report.markdown());
    }

    /**
     * With {@code --jfr DIR}: a JFR command ({@code jcmd}) to the server JVM and to the second
     * member, so that recordings ({@code DIR/server.jfr}, {@code DIR/member2.jfr}) cover the
     * measured rounds only. The settings are the JDK's {@code profile} with Java code sampled every
     * millisecond instead of every 10: JFR samples a few threads per period, and most of these JVMs'
     * threads are parked, so at 10 ms a round gives too few samples to rank small costs.
     */
    private void jfr(String command, String... arguments) throws IOException, InterruptedException {
        String dir = options.get("jfr");
        if (dir.isEmpty()) {
            return;
        }
        Files.createDirectories(Path.of(dir));
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        if (command.equals("JFR.start")) {
            Path settings = Path.of(dir, "sampling.jfc").toAbsolutePath();
            String profile = Files.readString(Paths.get(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
            String changed = profile.replace("control=\"method-sampling-java-interval\">10 ms<",
                    "control=\"method-sampling-java-interval\">1 ms<");
            if (changed.equals(profile)) {
                throw new IllegalStateException("this JDK's profile.jfc has no 10 ms Java sampling interval to change");
            }
            Files.writeString(settings, changed);
            arguments = java.util.stream.Stream.concat(Arrays.stream(arguments), java.util.stream.Stream.of(
                    "settings=" + settings)).toArray(String[]::new);
        }
        for (Object[] target : new Object[][] {{server.pid(), "server"}, {memberPid, "member2"}}) {
            List<String> line = new ArrayList<>(List.of(jcmd, target[0].toString(), command));
            line.addAll(Arrays.asList(arguments));
            if (command.equals("JFR.stop")) {
                line.add("filename=" + Path.of(dir, target[1] + ".jfr").toAbsolutePath());
            }
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
            }
            System.out.println(target[1] + ": " + output.replace('\n', ' '));
        }
    }

    // ---- the server JVM ----

    private long memberPid;
    private String serverCommand;

    /** Starts the server JVM and waits for its READY line; returns each system's port. */
    private Map<String, Integer> startServer(List<String> names, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Options.words(options.get("server-jvm")));
        command.add("-javaagent:" + options.get("agent"));
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dhazelcast.logging.type=none");
        command.add("-Dhazelcast.phone.home.enabled=false");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServer.class.getName());
        command.add(String.join(",", names));
        command.add(options.get("http-port"));
        command.add(options.get("hazelcast-port"));
        command.add(options.get("member-jvm"));
        command.add(out.resolve("member-2.log").toString());
        serverCommand = String.join(" ", command.subList(1, command.indexOf("-cp")));
        server = new ProcessBuilder(command).redirectError(out.resolve("server.log").toFile()).start();
        Process started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.destroy(); // its own shutdown hook stops the second member
        }, "stop-server"));
        serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        serverIn = server.getOutputStream();
        String line = serverOut.readLine();
        while (line != null && !line.startsWith("READY ")) {
            System.out.println("server: " + line);
            line = serverOut.readLine();
        }
        if (line == null) {
            throw new IllegalStateException("the server exited before it was ready; see " + out.resolve("server.log"));
        }
        String[] parts = line.split(" ");
        memberPid = Long.parseLong(parts[1]);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
            String[] system = parts[i].split("=");
            ports.put(system[0], Integer.parseInt(system[1]));
        }
        System.out.println("server pid " + server.pid() + ", second member pid " + memberPid + ", systems " + ports);
        return ports;
    }

    /** Sends {@code command} and returns the answer's lines up to END, each without its first word. */
    private List<String> ask(String command) throws IOException {
        serverIn.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        serverIn.flush();
        List<String> lines = new ArrayList<>();
        for (String line = serverOut.readLine(); ; line = serverOut.readLine()) {
            if (line == null) {
                throw new IllegalStateException("the server exited");
            }
            if (line.equals("END")) {
                return lines;
            }
            lines.add(line.substring(line.indexOf(' ') + 1));
        }
    }

    private Map<String, String> describe() throws IOException {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (String line : ask("DESCRIBE")) {
            int space = line.indexOf(' ');
            descriptions.put(line.substring(0, space), line.substring(space + 1));
        }
        return descriptions;
    }

    /** The server's counters of {@code system}: reads, read ops, writes, write ops, creates, create ops. */
    private long[] counters(String system) throws IOException {
        for (String line : ask("STATS")) {
            String[] parts = line.split(" ");
            if (parts[0].equals(system)) {
                long[] counts = new long[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    counts[i - 1] = Long.parseLong(parts[i]);
                }
                return counts;
            }
        }
        throw new IllegalStateException("the server does not run " + system);
    }

    private void stopServer() {
        if (server == null) {
            return;
        }
        try {
            serverIn.close(); // the server stops its systems and the second member, then exits
            if (!server.waitFor(40, TimeUnit.SECONDS)) {
                System.err.println("the server did not stop within 40 s: killing it");
                server.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            server.destroyForcibly();
        }
    }

    // ---- the client ----

    private Connection connect(int port, HttpClient jdk) throws IOException {
        return jdk != null ? new JdkConnection(jdk, port) : new RawConnection(port);
    }

    /** Creates {@code count} sessions through {@code POST /new}; returns each one's Cookie header. */
    private AtomicReferenceArray<String> populate(String system, int port, int count, HttpClient jdk)
            throws Exception {
        AtomicReferenceArray<String> cookies = new AtomicReferenceArray<>(count);
        int threads = integer("threads");
        List<Thread> running = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                try (Connection connection = connect(port, jdk)) {
                    for (int i = first; i < count; i += threads) {
                        Connection.Response response = connection.send(true, "/new", null);
                        if (response.status() != 200 || !valid(response) || response.setCookies().isEmpty()) {
                            throw new IllegalStateException(system + ": creating a session answered "
                                    + response.status() + " '" + response.bodyText() + "' with cookies "
                                    + response.setCookies());
                        }
                        cookies.set(i, Cookies.merge(null, response.setCookies()));
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                }
            }, "populate-" + t);
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("populating " + system + " failed", failure[0]);
        }
        return cookies;
    }

    private boolean valid(Connection.Response response) {
        for (byte[] body : validBodies) {
            if (response.bodyEquals(body)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the client threads against {@code system} for {@code nanos}. CPU time is read when every
     * thread has its connection and waits at the gate, just before the round's clock starts, and
     * after the last thread ended, as in {@code bench/}'s LoadDriver; the server's counters just
     * outside that.
     */
    private SystemStats runRound(String system, int port, AtomicReferenceArray<String> cookies, HttpClient jdk,
            long nanos, CpuMeter meter) throws Exception {
        int threads = integer("threads");
        int writeEvery = integer("write-every");
        RoundGate gate = new RoundGate(threads);
        Worker[] workers = new Worker[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Worker(system, connect(port, jdk), cookies, writeEvery,
                    new SplittableRandom(System.nanoTime() + t), gate);
        }
        gate.start(workers, "client");
        long[] countersBefore = counters(system);
        CpuMeter.Sample cpuBefore = meter.sample();
        double seconds = gate.run(nanos);
        CpuMeter.Sample cpuAfter = meter.sample();
        long[] countersAfter = counters(system);
        SystemStats stats = new SystemStats(system);
        stats.cpu = cpuAfter.since(cpuBefore);
        stats.seconds = seconds;
        stats.serverReads = countersAfter[0] - countersBefore[0];
        stats.serverReadOps = countersAfter[1] - countersBefore[1];
        stats.serverWrites = countersAfter[2] - countersBefore[2];
        stats.serverWriteOps = countersAfter[3] - countersBefore[3];
        for (Worker w : workers) {
            w.connection.close();
            SystemStats mine = w.stats;
            stats.reads.add(mine.reads);
            stats.writes.add(mine.writes);
            stats.readRequests += mine.readRequests;
            stats.writeRequests += mine.writeRequests;
            stats.setCookies += mine.setCookies;
            mine.errors.forEach((kind, n) -> stats.errors.merge(kind, n, Long::sum));
            if (stats.firstError == null) {
                stats.firstError = mine.firstError;
            }
        }
        if (stats.firstError != null) {
            System.out.println(system + ": first error: " + stats.firstError);
        }
        return stats;
    }

    /** One client thread: closed loop over one connection. */
    private final class Worker implements Runnable {
        final Connection connection;
        final AtomicReferenceArray<String> cookies;
        final int writeEvery;
        final SplittableRandom random;
        final RoundGate gate;
        final SystemStats stats;

        Worker(String system, Connection connection, AtomicReferenceArray<String> cookies, int writeEvery,
                SplittableRandom random, RoundGate gate) {
            this.connection = connection;
            this.cookies = cookies;
            this.writeEvery = writeEvery;
            this.random = random;
            this.gate = gate;
            this.stats = new SystemStats(system);
        }

        @Override
        public void run() {
            long end = gate.arrive();
            long n = random.nextInt(writeEvery);
            int sessions = cookies.length();
            while (true) {
                long start = System.nanoTime();
                if (start >= end) {
                    break;
                }
                boolean write = ++n % writeEvery == 0;
                int session = random.nextInt(sessions);
                try {
                    Connection.Response response = connection.send(write, "/s", cookies.get(session));
                    if (response.status() != 200) {
                        stats.error("HTTP " + response.status(), response.bodyText());
                    } else if (!valid(response)) {
                        stats.error("wrong body", response.bodyText());
                    }
                    if (!response.setCookies().isEmpty()) {
                        stats.setCookies++;
                        cookies.updateAndGet(session, old -> Cookies.merge(old, response.setCookies()));
                    }
                } catch (IOException | RuntimeException e) {
                    stats.error("I/O", e.toString());
                }
                long took = System.nanoTime() - start;
                if (write) {
                    stats.writes.recordValue(took);
                    stats.writeRequests++;
                } else {
                    stats.reads.recordValue(took);
                    stats.readRequests++;
                }
            }
        }
    }
}
