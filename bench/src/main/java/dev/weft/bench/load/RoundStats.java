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
}
