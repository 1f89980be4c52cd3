package dev.weft.bench.load;

import dev.weft.bench.common.CpuMeter;
import dev.weft.bench.common.Stats;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** What one system did over all its measured rounds. */
final class RoundStats {

    /** The driver JVM's index in {@link #cpu} (its {@link CpuMeter}'s order): member 1 and the load generator. */
    static final int DRIVER = 0;
    /** The second member's JVM's index in {@link #cpu}. */
    static final int MEMBER = 1;

    final SessionSystem system;
    final Histogram reads = Stats.newHistogram();
    final Histogram writes = Stats.newHistogram();
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
     * CPU time of the two JVMs (index {@link #DRIVER} and {@link #MEMBER}) and the machine's counters
     * over the measured interval (of one round, or summed over the system's rounds), or null; see
     * {@link CpuMeter} and {@code LoadDriver.runRound} for what is counted.
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
        return Stats.both(reads, writes);
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
}
