package dev.weft.bench.http;

import dev.weft.bench.common.LoopbackCluster;
import dev.weft.bench.common.Options;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server JVM, started by {@link HttpBench}: one Hazelcast member (the second runs in a child JVM,
 * {@link HttpCluster}) and one Jetty server per system ({@link SystemServer}), on consecutive ports.
 *
 * <p>Standard output carries only the protocol with the client: first {@code READY <member-2 pid>
 * <system>=<port>...}; then, for each {@code STATS} line on standard input, one {@code STATS <system>
 * <counts>} line per system ({@link Counters#line()}) and {@code END}. When standard input ends (the
 * client closed it, or died) the server stops its systems and the cluster and exits.
 *
 * <p>Arguments: systems (comma-separated), first HTTP port, first Hazelcast port, the second
 * member's JVM options (one string), the second member's log file.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.US_ASCII);
        System.setOut(System.err); // anything else that prints goes to the server's log
        List<String> names = Arrays.asList(args[0].split(","));
        int httpPort = Integer.parseInt(args[1]);
        int hazelcastPort = Integer.parseInt(args[2]);
        List<String> memberJvm = Options.words(args[3]);
        Path memberLog = Path.of(args[4]);
        List<SystemServer> systems = new ArrayList<>();
        try (LoopbackCluster cluster = HttpCluster.start(hazelcastPort, memberJvm, memberLog)) {
            StringBuilder ready = new StringBuilder("READY ").append(cluster.childPid());
            for (int i = 0; i < names.size(); i++) {
                SystemServer system = SystemServer.start(names.get(i).trim(), cluster.member(), httpPort + i);
                systems.add(system);
                ready.append(' ').append(system.name).append('=').append(httpPort + i);
                System.err.println("started " + system.name + " on port " + (httpPort + i) + ": " + system.description);
            }
            protocol.println(ready);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("STATS")) {
                    for (SystemServer system : systems) {
                        protocol.println("STATS " + system.name + " " + system.counters.line());
                    }
                    protocol.println("END");
                } else if (line.startsWith("DESCRIBE")) {
                    for (SystemServer system : systems) {
                        protocol.println("DESCRIBE " + system.name + " " + system.description);
                    }
                    protocol.println("END");
                }
            }
            System.err.println("input closed: stopping");
            for (SystemServer system : systems) {
                try {
                    system.stop();
                } catch (Exception e) {
                    System.err.println("stopping " + system.name + ": " + e);
                }
            }
        }
        System.exit(0);
    }
}
