package dev.weft.bench.load;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** What one system did over all its measured rounds. */
final class RoundStats {

    /** Latencies up to one minute, three significant digits, in nanoseconds. */
    static Histogram newHistogram() {
        return new Histogram(60_000_000_000L, 3);
    }

    final SessionSystem system;
    final Histogram reads = newHistogram();
    final Histogram writes = newHistogram();
    final List<Double> roundThroughput = new ArrayList<>();
    long readRequests;
    long writeRequests;
    long readOps;
    long writeOps;
    long errors;
    /** Threads this JVM started during the rounds (Hazelcast's thread-per-callback shows here). */
    long threadsStarted;
    double seconds;
    String firstError;
    /**
     * CPU time of the two JVMs and the machine's counters over the measured interval (of one round,
     * or summed over the system's rounds), or null; see {@link CpuMeter} and {@code LoadDriver.runRound}
     * for what is counted.
     */
    CpuMeter.Interval cpu;
    /** Per measured round, in microseconds of CPU per completed request: the driver JVM (member 1). */
    final List<Double> driverCpuPerRequest = new ArrayList<>();
    /** Per measured round: the second member's JVM. */
    final List<Double> memberCpuPerRequest = new ArrayList<>();
    /** Per measured round: both JVMs. */
    final List<Double> cpuPerRequest = new ArrayList<>();
    /** Per measured round: the machine's steal, percent of its CPU time. */
    final List<Double> roundSteal = new ArrayList<>();

    RoundStats(SessionSystem system) {
        this.system = system;
    }

    long requests() {
        return readRequests + writeRequests;
    }

    /** Requests per second over all measured rounds. */
    double throughput() {
        return requests() / seconds;
    }

    Histogram all() {
        Histogram all = newHistogram();
        all.add(reads);
        all.add(writes);
        return all;
    }

    double opsPerRead() {
        return readRequests == 0 ? Double.NaN : (double) readOps / readRequests;
    }

    double opsPerWrite() {
        return writeRequests == 0 ? Double.NaN : (double) writeOps / writeRequests;
    }

    double opsPerRequest() {
        return (double) (readOps + writeOps) / requests();
    }

    /** Microseconds of CPU per completed request, or NaN when unknown. */
    static double microsPerRequest(long cpuNanos, long requests) {
        return cpuNanos < 0 || requests == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
    }

    /** The median of {@code values} (mean of the middle two for an even count); NaN if none or any is NaN. */
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
