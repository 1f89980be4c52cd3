package dev.weft.bench.http;

import dev.weft.bench.common.CpuMeter;
import dev.weft.bench.common.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** What one system did, in one round or summed over its measured rounds. */
final class SystemStats {

    /** The client JVM's index in {@link #cpu} (its {@link CpuMeter}'s order): the load generator. */
    static final int CLIENT = 0;
    /** The server JVM's index in {@link #cpu}: Jetty, the session filters and member 1. */
    static final int SERVER = 1;
    /** The second member's JVM's index in {@link #cpu}. */
    static final int MEMBER = 2;

    final String system;
    String description = "";
    final Histogram reads = Stats.newHistogram();
    final Histogram writes = Stats.newHistogram();
    long readRequests;
    long writeRequests;
    double seconds;
    /** Errors by kind: an HTTP status other than 200, "wrong body", or an I/O failure. */
    final Map<String, Long> errors = new TreeMap<>();
    String firstError;
    /** Measured responses that carried a Set-Cookie (a session that keeps its key needs none). */
    long setCookies;
    /** From the server's counters: requests it counted and the store operations they made. */
    long serverReads;
    long serverReadOps;
    long serverWrites;
    long serverWriteOps;
    /** CPU ({@link #CLIENT}, {@link #SERVER}, {@link #MEMBER}) and machine counters over the round(s), or null. */
    CpuMeter.Interval cpu;

    // per measured round, for medians
    final List<Double> roundThroughput = new ArrayList<>();
    final List<Double> serverCpu = new ArrayList<>();
    final List<Double> memberCpu = new ArrayList<>();
    final List<Double> serversCpu = new ArrayList<>();
    final List<Double> clientCpu = new ArrayList<>();
    final List<Double> roundSteal = new ArrayList<>();

    SystemStats(String system) {
        this.system = system;
    }

    long requests() {
        return readRequests + writeRequests;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    void error(String kind, String detail) {
        errors.merge(kind, 1L, Long::sum);
        if (firstError == null) {
            firstError = kind + ": " + detail;
        }
    }

    /** Requests per second over this object's seconds (one round's throughput). */
    double throughput() {
        return requests() / seconds;
    }

    /** The median of the measured rounds' throughputs. */
    double medianThroughput() {
        return Stats.median(roundThroughput);
    }

    Histogram all() {
        return Stats.both(reads, writes);
    }

    double opsPerRead() {
        return serverReads == 0 ? Double.NaN : (double) serverReadOps / serverReads;
    }

    double opsPerWrite() {
        return serverWrites == 0 ? Double.NaN : (double) serverWriteOps / serverWrites;
    }

    /** Adds one measured round to these totals. */
    void add(SystemStats round) {
        reads.add(round.reads);
        writes.add(round.writes);
        readRequests += round.readRequests;
        writeRequests += round.writeRequests;
        seconds += round.seconds;
        round.errors.forEach((kind, n) -> errors.merge(kind, n, Long::sum));
        if (firstError == null) {
            firstError = round.firstError;
        }
        setCookies += round.setCookies;
        serverReads += round.serverReads;
        serverReadOps += round.serverReadOps;
        serverWrites += round.serverWrites;
        serverWriteOps += round.serverWriteOps;
        cpu = cpu == null ? round.cpu : cpu.plus(round.cpu);
        roundThroughput.add(round.throughput());
        serverCpu.add(round.perRequest(round.cpu.nanos(SERVER)));
        memberCpu.add(round.perRequest(round.cpu.nanos(MEMBER)));
        serversCpu.add(round.cpu.nanos(SERVER) < 0 || round.cpu.nanos(MEMBER) < 0 ? Double.NaN
                : round.perRequest(round.cpu.nanos(SERVER) + round.cpu.nanos(MEMBER)));
        clientCpu.add(round.perRequest(round.cpu.nanos(CLIENT)));
        roundSteal.add(round.cpu.stealPercent());
    }

    /** Microseconds of CPU per completed request, NaN if unknown. */
    double perRequest(long cpuNanos) {
        return Stats.microsPerRequest(cpuNanos, requests());
    }

    /** The share of both server JVMs' CPU time spent in the kernel, in percent; NaN if unknown. */
    double serversKernelPercent() {
        return cpu == null ? Double.NaN : cpu.kernelPercent(SERVER, MEMBER);
    }
}
