package dev.weft.bench.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** What one system did, in one round or summed over its measured rounds. */
final class SystemStats {

    /** Latencies up to one minute, three significant digits, in nanoseconds. */
    static Histogram newHistogram() {
        return new Histogram(60_000_000_000L, 3);
    }

    final String system;
    String description = "";
    final Histogram reads = newHistogram();
    final Histogram writes = newHistogram();
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
    /** CPU and machine counters over the round(s), or null. */
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
        return median(roundThroughput);
    }

    Histogram all() {
        Histogram all = newHistogram();
        all.add(reads);
        all.add(writes);
        return all;
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
        serverCpu.add(round.perRequest(round.cpu.server()));
        memberCpu.add(round.perRequest(round.cpu.member()));
        serversCpu.add(round.cpu.server() < 0 || round.cpu.member() < 0 ? Double.NaN
                : round.perRequest(round.cpu.server() + round.cpu.member()));
        clientCpu.add(round.perRequest(round.cpu.client()));
        roundSteal.add(round.cpu.stealPercent());
    }

    /** Microseconds of CPU per completed request, NaN if unknown. */
    double perRequest(long cpuNanos) {
        return cpuNanos < 0 || requests() == 0 ? Double.NaN : cpuNanos / 1e3 / requests();
    }

    /** The median (mean of the middle two for an even count); NaN if none or any is NaN. */
    static double median(List<Double> values) {
        if (values.isEmpty() || values.stream().anyMatch(v -> v.isNaN())) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
