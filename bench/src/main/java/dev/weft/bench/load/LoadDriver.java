package dev.weft.bench.load;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.weft.bench.Payload;
import dev.weft.bench.ShopState;
import dev.weft.bench.common.CpuMeter;
import dev.weft.bench.common.LoopbackCluster;
import dev.weft.bench.common.OpCounter;
import dev.weft.bench.common.Options;
import dev.weft.bench.common.RoundGate;
import dev.weft.bench.common.Run;
import dev.weft.bench.common.Stats;
import dev.weft.session.TtlExtensionPolicy;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * Drives the same request workload against Weft, Spring Session's Hazelcast repository and
 * hand-written IMap calls on one two-member Hazelcast cluster, in alternating rounds, and writes
 * a markdown summary, a CSV of rounds and a chart. See bench/README.md for the options.
 *
 * <p>A request picks a session uniformly at random; every fifth request of each thread writes.
 * Threads run closed-loop (the next request starts when the last one ends), so latencies are
 * service times, and throughput is requests over wall time.
 */
public final class LoadDriver {

    private static final Duration TTL = Duration.ofMinutes(30);
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final Map<String, String> options;

    private LoadDriver(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("mode", "load");
        defaults.put("sessions", "10000");
        defaults.put("threads", "8");
        defaults.put("rounds", "5");
        defaults.put("round-seconds", "10");
        defaults.put("warmup-seconds", "10");
        defaults.put("write-every", "5");
        defaults.put("systems", "weft,weft-state-changes,spring,raw,floor");
        defaults.put("weft-access", "auto");
        defaults.put("port", "5741");
        defaults.put("member-jvm", "-Xmx6g -XX:+UseG1GC");
        defaults.put("out", "bench/results/load");
        new LoadDriver(Options.parse("LoadDriver", defaults, args)).run();
        System.exit(0); // Hazelcast and the child member are stopped; leave no thread behind
    }

    private int integer(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        Run run = Run.start(options);
        Path out = run.out();
        List<String> memberJvm = Options.words(options.get("member-jvm"));
        try (LoopbackCluster cluster = BenchCluster.start(integer("port"), memberJvm, out.resolve("member-2.log"), TTL)) {
            System.out.println("cluster of " + cluster.member().getCluster().getMembers().size()
                    + " members; second member pid " + cluster.childPid());
            if (options.get("mode").equals("memory")) {
                measureMemory(cluster.member(), run);
            } else {
                measureLoad(cluster, run);
            }
        }
    }

    // ---- load ----

    private List<SessionSystem> systems(HazelcastInstance hazelcast) {
        WeftSystem.Data weft = new WeftSystem.Data(new HazelcastSessionStore(hazelcast, BenchCluster.WEFT_MAP),
                hazelcast.getMap(BenchCluster.WEFT_MAP));
        WeftSystem.Access access = switch (options.get("weft-access")) {
            case "woven" -> WeftSystem.Access.WOVEN;
            case "bridge" -> WeftSystem.Access.BRIDGE;
            case "auto" -> ShopState.isWoven() ? WeftSystem.Access.WOVEN : WeftSystem.Access.BRIDGE;
            default -> throw new IllegalArgumentException("--weft-access is woven, bridge or auto");
        };
        List<SessionSystem> systems = new ArrayList<>();
        for (String name : options.get("systems").split(",")) {
            systems.add(switch (name.trim()) {
                case "weft" -> new WeftSystem("weft", weft, TtlExtensionPolicy.ON_EVERY_REQUEST, access, TTL);
                case "weft-state-changes" -> new WeftSystem("weft-state-changes", weft,
                        TtlExtensionPolicy.ON_STATE_CHANGES, access, TTL);
                case "weft-bridge" -> new WeftSystem("weft-bridge", weft, TtlExtensionPolicy.ON_EVERY_REQUEST,
                        WeftSystem.Access.BRIDGE, TTL);
                case "weft-api" -> new WeftSystem("weft-api", weft, TtlExtensionPolicy.ON_EVERY_REQUEST,
                        WeftSystem.Access.API, TTL);
                case "weft-window-0" -> new WeftSystem("weft-window-0", weft,
                        HazelcastSessionStore.builder(hazelcast).mapName(BenchCluster.WEFT_MAP)
                                .ttlExtensionWindow(0).build(),
                        "; TTL-extension window 0: every load resets the TTL (exact sliding expiry)",
                        TtlExtensionPolicy.ON_EVERY_REQUEST, access, TTL, builder -> { });
                case "weft-ops" -> new WeftSystem("weft-ops", new WeftSystem.Data(
                        new HazelcastSessionStore(hazelcast, BenchCluster.WEFT_MAP),
                        hazelcast.getMap(BenchCluster.WEFT_MAP), true), new HazelcastSessionStore(hazelcast,
                        BenchCluster.WEFT_MAP), "; every session bound to a principal (one of 1,000), metrics on"
                        + " (Micrometer SimpleMeterRegistry) and a lifecycle listener",
                        TtlExtensionPolicy.ON_EVERY_REQUEST, access, TTL, builder -> builder
                                .meterRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                                .listener(new dev.weft.session.SessionListener() { }));
                case "weft-get-first" -> new WeftSystem("weft-get-first", weft,
                        new GetFirstStore(hazelcast, BenchCluster.WEFT_MAP),
                        "; EXPERIMENT: loads with IMap.get, and a second call resets the TTL when the stamp is"
                                + " older than the window (GetFirstStore)",
                        TtlExtensionPolicy.ON_EVERY_REQUEST, access, TTL, builder -> { });
                case "spring" -> new SpringSessionSystem(hazelcast, TTL);
                case "raw" -> new RawMapSystem(hazelcast, false, TTL);
                case "floor" -> new RawMapSystem(hazelcast, true, TTL);
                default -> throw new IllegalArgumentException("unknown system " + name);
            });
        }
        return systems;
    }

    private void measureLoad(LoopbackCluster cluster, Run run) throws Exception {
        Path out = run.out();
        HazelcastInstance hazelcast = cluster.member();
        CpuMeter meter = new CpuMeter(ProcessHandle.current(), cluster.childProcess()); // RoundStats.DRIVER, MEMBER
        int sessions = integer("sessions");
        List<SessionSystem> systems = systems(hazelcast);
        for (SessionSystem system : systems) {
            long t0 = System.nanoTime();
            system.populate(sessions);
            System.out.printf("populated %-20s %,d sessions in %.1f s%n", system.name(), sessions,
                    (System.nanoTime() - t0) / 1e9);
        }
        int threads = integer("threads");
        int writeEvery = integer("write-every");
        List<RoundStats> stats = new ArrayList<>();
        for (SessionSystem system : systems) {
            stats.add(new RoundStats(system));
        }
        StringBuilder rounds = new StringBuilder("round,system,seconds,requests,requests_per_s,p50_us,p99_us,errors,"
                + "driver_cpu_ms,member_cpu_ms,driver_cpu_us_per_request,member_cpu_us_per_request,cpu_us_per_request,"
                + "steal_pct,other_cpu_pct\n");
        long warmupNanos = Duration.ofSeconds(Long.parseLong(options.get("warmup-seconds"))).toNanos();
        for (SessionSystem system : systems) {
            RoundStats discard = new RoundStats(system);
            runRound(system, discard, sessions, threads, writeEvery, warmupNanos, meter);
            System.out.printf("warm-up   %-20s %,10.0f req/s%n", system.name(), discard.throughput());
        }
        long roundNanos = Duration.ofSeconds(Long.parseLong(options.get("round-seconds"))).toNanos();
        for (int round = 1; round <= integer("rounds"); round++) {
            for (RoundStats total : stats) {
                RoundStats one = new RoundStats(total.system);
                runRound(total.system, one, sessions, threads, writeEvery, roundNanos, meter);
                merge(one, total);
                Histogram all = one.all();
                CpuMeter.Interval cpu = one.cpu;
                double driverCpu = Stats.microsPerRequest(cpu.nanos(RoundStats.DRIVER), one.requests());
                double memberCpu = Stats.microsPerRequest(cpu.nanos(RoundStats.MEMBER), one.requests());
                System.out.printf("round %d   %-20s %,10.0f req/s  p50 %,7.0f us  p99 %,7.0f us  errors %d"
                        + "  CPU/request %.1f + %.1f us  steal %.1f%%  other %.1f%%%n",
                        round, total.system.name(), one.throughput(), all.getValueAtPercentile(50) / 1e3,
                        all.getValueAtPercentile(99) / 1e3, one.errors, driverCpu, memberCpu, cpu.stealPercent(),
                        cpu.otherPercent());
                rounds.append(String.format(java.util.Locale.ROOT,
                        "%d,%s,%.3f,%d,%.1f,%.1f,%.1f,%d,%.0f,%.0f,%.2f,%.2f,%.2f,%.2f,%.1f%n", round,
                        total.system.name(), one.seconds, one.requests(), one.throughput(),
                        all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3, one.errors,
                        cpu.nanos(RoundStats.DRIVER) < 0 ? Double.NaN : cpu.nanos(RoundStats.DRIVER) / 1e6,
                        cpu.nanos(RoundStats.MEMBER) < 0 ? Double.NaN : cpu.nanos(RoundStats.MEMBER) / 1e6,
                        driverCpu, memberCpu,
                        driverCpu + memberCpu, cpu.stealPercent(), cpu.otherPercent()));
            }
        }
        run.end(Instant.now());
        Files.writeString(out.resolve("rounds.csv"), rounds);
        Report report = new Report(run, stats);
        Files.writeString(out.resolve("summary.md"), report.markdown());
        Files.writeString(out.resolve("summary.tsv"), report.tsv());
        Charts.load(stats, "Weft vs Spring Session vs IMap: " + String.format("%,d", sessions) + " sessions, "
                + threads + " threads, 2 members", out.resolve("load.png"));
        System.out.println();
        System.out.println(report.markdown());
    }

    private static void merge(RoundStats one, RoundStats total) {
        total.reads.add(one.reads);
        total.writes.add(one.writes);
        total.readRequests += one.readRequests;
        total.writeRequests += one.writeRequests;
        total.readOps += one.readOps;
        total.writeOps += one.writeOps;
        total.errors += one.errors;
        total.seconds += one.seconds;
        total.threadsStarted += one.threadsStarted;
        total.roundThroughput.add(one.throughput());
        double driverCpu = Stats.microsPerRequest(one.cpu.nanos(RoundStats.DRIVER), one.requests());
        double memberCpu = Stats.microsPerRequest(one.cpu.nanos(RoundStats.MEMBER), one.requests());
        total.driverCpuPerRequest.add(driverCpu);
        total.memberCpuPerRequest.add(memberCpu);
        total.cpuPerRequest.add(driverCpu + memberCpu);
        total.roundSteal.add(one.cpu.stealPercent());
        total.cpu = total.cpu == null ? one.cpu : total.cpu.plus(one.cpu);
        if (total.firstError == null) {
            total.firstError = one.firstError;
        }
    }

    /**
     * Runs {@code threads} closed-loop workers against {@code system} for {@code nanos}.
     *
     * <p>CPU time ({@link CpuMeter}) is read once when every worker is started and waiting at the
     * gate, just before the round's clock starts, and once after the last worker has ended and the
     * clock has stopped: it covers the round's measured interval (plus the two readings, well under a
     * millisecond, while the workers wait), and it is divided by the requests completed in that
     * interval. Warm-up rounds are measured too, but their stats are discarded, so only measured
     * rounds are reported. Creating and starting the worker threads happens before the first reading
     * and is not counted.
     *
     * <p>What the CPU time of each JVM does count: in the driver JVM (member 1), the load generator
     * itself (picking sessions, timing, recording latencies, checking the values read: the same work
     * for every system), the system's own client-side code (Weft's scope and store calls, Spring's
     * repository, the counting wrappers), Hazelcast's member 1 (partition threads for the partitions
     * it owns, backups of member 2's, I/O threads, invocation handling), and that JVM's GC, JIT and
     * background threads; in the second member's JVM, Hazelcast's member 2 (its partitions' operations,
     * entry processors such as Weft's and Spring's, backups of member 1's partitions, I/O) and its GC,
     * JIT and background threads. Both include the system calls for the loopback connections and the
     * kernel's network processing when it runs in a JVM thread's context (not when {@code ksoftirqd}
     * does it: that shows in the machine's "other" share). Not attributable to one system: work that
     * spills over a round's boundary, such as garbage left by the previous system's round collected in
     * this one, or asynchronous work (events, backups) still running when the round ends; rounds
     * alternate between systems, so this spreads over all of them.
     */
    private static void runRound(SessionSystem system, RoundStats stats, int sessions, int threads, int writeEvery,
            long nanos, CpuMeter meter) throws InterruptedException {
        RoundGate gate = new RoundGate(threads);
        Worker[] workers = new Worker[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Worker(system, sessions, writeEvery, new SplittableRandom(System.nanoTime() + t), gate);
        }
        gate.start(workers, "driver");
        long threadsBefore = THREADS.getTotalStartedThreadCount();
        CpuMeter.Sample cpuBefore = meter.sample();
        stats.seconds = gate.run(nanos);
        stats.cpu = meter.sample().since(cpuBefore);
        stats.threadsStarted = THREADS.getTotalStartedThreadCount() - threadsBefore;
        for (Worker w : workers) {
            stats.reads.add(w.reads);
            stats.writes.add(w.writes);
            stats.readRequests += w.readRequests;
            stats.writeRequests += w.writeRequests;
            stats.readOps += w.readOps;
            stats.writeOps += w.writeOps;
            stats.errors += w.errors;
            if (stats.firstError == null && w.firstError != null) {
                stats.firstError = w.firstError.toString();
                w.firstError.printStackTrace();
            }
        }
    }

    /** One driver thread. */
    private static final class Worker implements Runnable {
        final SessionSystem system;
        final int sessions;
        final int writeEvery;
        final SplittableRandom random;
        final RoundGate gate;
        final Histogram reads = Stats.newHistogram();
        final Histogram writes = Stats.newHistogram();
        long readRequests;
        long writeRequests;
        long readOps;
        long writeOps;
        long errors;
        long sink;
        Throwable firstError;

        Worker(SessionSystem system, int sessions, int writeEvery, SplittableRandom random, RoundGate gate) {
            this.system = system;
            this.sessions = sessions;
            this.writeEvery = writeEvery;
            this.random = random;
            this.gate = gate;
        }

        @Override
        public void run() {
            long[] ops = OpCounter.cell();
            long end = gate.arrive();
            long n = random.nextInt(writeEvery);
            while (true) {
                long start = System.nanoTime();
                if (start >= end) {
                    break;
                }
                boolean write = ++n % writeEvery == 0;
                long opsBefore = ops[0];
                try {
                    sink += system.request(random.nextInt(sessions), write);
                } catch (RuntimeException e) {
                    errors++;
                    if (firstError == null) {
                        firstError = e;
                    }
                }
                long took = System.nanoTime() - start;
                long madeOps = ops[0] - opsBefore;
                if (write) {
                    writes.recordValue(took);
                    writeRequests++;
                    writeOps += madeOps;
                } else {
                    reads.recordValue(took);
                    readRequests++;
                    readOps += madeOps;
                }
            }
            if (sink == 42) {
                System.out.print("");
            }
        }
    }

    // ---- memory ----

    private void measureMemory(HazelcastInstance hazelcast, Run run) throws Exception {
        int sessions = integer("sessions");
        StringBuilder md = new StringBuilder();
        md.append("| system | map | entries (owned + backup) | entry cost per session per copy (Hazelcast estimate) |"
                + " heap per session on member 2 (GC'd, one full copy) | payload | overhead per copy (estimate / heap) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        StringBuilder tsv = new StringBuilder("system\tsessions\tcost_per_copy\theap_per_copy\n");
        WeftSystem.Data weftData = new WeftSystem.Data(new HazelcastSessionStore(hazelcast, BenchCluster.WEFT_MAP), null);
        Object[][] cases = {
            {new WeftSystem("weft", weftData, TtlExtensionPolicy.ON_EVERY_REQUEST, WeftSystem.Access.BRIDGE, TTL),
                BenchCluster.WEFT_MAP},
            {new WeftSystem("weft-unindexed",
                new WeftSystem.Data(new HazelcastSessionStore(hazelcast, BenchCluster.WEFT_UNINDEXED_MAP), null),
                TtlExtensionPolicy.ON_EVERY_REQUEST, WeftSystem.Access.BRIDGE, TTL), BenchCluster.WEFT_UNINDEXED_MAP},
            {new SpringSessionSystem(hazelcast, TTL), BenchCluster.SPRING_MAP},
            {new RawMapSystem(hazelcast, false, TTL), BenchCluster.RAW_MAP},
        };
        IExecutorService executor = hazelcast.getExecutorService("bench-footprint");
        Member remote = hazelcast.getCluster().getMembers().stream().filter(m -> !m.localMember()).findFirst()
                .orElseThrow();
        for (Object[] c : cases) {
            SessionSystem system = (SessionSystem) c[0];
            String map = (String) c[1];
            long heapBefore = executor.submitToMember(new MapFootprint(map), remote).get()[MapFootprint.HEAP_USED];
            system.populate(sessions);
            long owned = 0;
            long backup = 0;
            long entries = 0;
            long heapAfter = 0;
            for (Map.Entry<Member, Future<long[]>> result : executor.submitToAllMembers(new MapFootprint(map))
                    .entrySet()) {
                long[] r = result.getValue().get();
                owned += r[MapFootprint.OWNED_COST];
                backup += r[MapFootprint.BACKUP_COST];
                entries += r[MapFootprint.OWNED_ENTRIES] + r[MapFootprint.BACKUP_ENTRIES];
                if (!result.getKey().localMember()) {
                    heapAfter = r[MapFootprint.HEAP_USED];
                }
            }
            double costPerCopy = (owned + backup) / 2.0 / sessions;
            double heapPerCopy = (heapAfter - heapBefore) / (double) sessions;
            md.append(String.format("| %s | `%s` | %,d | %.0f B | %.0f B | %d B | %+.0f B / %+.0f B |%n", system.name(),
                    map, entries, costPerCopy, heapPerCopy, Payload.BYTES_PER_SESSION,
                    costPerCopy - Payload.BYTES_PER_SESSION, heapPerCopy - Payload.BYTES_PER_SESSION));
            tsv.append(String.format("%s\t%d\t%.1f\t%.1f%n", system.name(), sessions, costPerCopy, heapPerCopy));
            System.out.print(md.substring(md.lastIndexOf("| " + system.name())));
            if (system == cases[0][0]) {
                // Purge every Weft session: each leaves a tombstone for the grace period.
                SessionKey[] keys = weftData.keys;
                Populator.async(keys.length, i -> weftData.store.delete(keys[i]));
                long tombstoneOwned = 0;
                long tombstoneBackup = 0;
                long tombstoneHeap = 0;
                for (Map.Entry<Member, Future<long[]>> result : executor.submitToAllMembers(new MapFootprint(map))
                        .entrySet()) {
                    long[] r = result.getValue().get();
                    tombstoneOwned += r[MapFootprint.OWNED_COST];
                    tombstoneBackup += r[MapFootprint.BACKUP_COST];
                    if (!result.getKey().localMember()) {
                        tombstoneHeap = r[MapFootprint.HEAP_USED];
                    }
                }
                double tombstoneCost = (tombstoneOwned + tombstoneBackup) / 2.0 / sessions;
                double tombstoneHeapPerCopy = (tombstoneHeap - heapBefore) / (double) sessions;
                md.append(String.format("| weft tombstones (each session purged) | `%s` | %,d | %.0f B | %.0f B | 0 B |"
                        + " %+.0f B / %+.0f B |%n", map, entries, tombstoneCost, tombstoneHeapPerCopy, tombstoneCost,
                        tombstoneHeapPerCopy));
                tsv.append(String.format("weft-tombstone\t%d\t%.1f\t%.1f%n", sessions, tombstoneCost,
                        tombstoneHeapPerCopy));
                System.out.print(md.substring(md.lastIndexOf("| weft tombstones")));
            }
            hazelcast.getMap(map).clear();
        }
        String header = "Memory of " + String.format("%,d", sessions) + " sessions of 3 x " + Payload.VALUE_LENGTH
                + " bytes, two members, one backup. Run " + run.started() + " .. " + Instant.now()
                + "; load average before: " + run.loadBefore() + ".\n\n";
        Files.writeString(run.out().resolve("memory.md"), header + md);
        Files.writeString(run.out().resolve("memory.tsv"), tsv);
        System.out.println(header + md);
    }
}
