package dev.weft.bench.common;

import java.util.List;
import org.HdrHistogram.Histogram;

/** Latency histograms and the statistics of per-round figures that the reports print. */
public final class Stats {

    private Stats() {
    }

    /** Latencies up to one minute, three significant digits, in nanoseconds. */
    public static Histogram newHistogram() {
        return new Histogram(60_000_000_000L, 3);
    }

    /** A new histogram of the values of both {@code a} and {@code b}. */
    public static Histogram both(Histogram a, Histogram b) {
        Histogram all = newHistogram();
        all.add(a);
        all.add(b);
        return all;
    }

    /** Microseconds of CPU per completed request, or NaN when unknown ({@code cpuNanos} < 0 or no request). */
    public static double microsPerRequest(long cpuNanos, long requests) {
        return cpuNanos < 0 || requests == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
    }

    /** The median of {@code values} (mean of the middle two for an even count); NaN if none or any is NaN. */
    public static double median(List<Double> values) {
        if (values.isEmpty() || values.stream().anyMatch(v -> v.isNaN())) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The least of {@code values}, NaN if none. */
    public static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The greatest of {@code values}, NaN if none. */
    public static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
