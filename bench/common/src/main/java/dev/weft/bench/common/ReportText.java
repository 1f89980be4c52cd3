package dev.weft.bench.common;

import java.util.List;
import org.HdrHistogram.Histogram;

/** How the reports print figures. */
public final class ReportText {

    private ReportText() {
    }

    /** Median and min..max of per-round microseconds, "n/a" if the median is unknown. */
    public static String micros(List<Double> perRound) {
        double median = Stats.median(perRound);
        if (Double.isNaN(median)) {
            return "n/a";
        }
        return String.format("%.1f us (%.1f..%.1f)", median, Stats.min(perRound), Stats.max(perRound));
    }

    /** A ratio as {@code 1.23x}, "-" if unknown. */
    public static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format("%.2fx", r);
    }

    /** A percentage as {@code 1.2%}, "n/a" if unknown. */
    public static String percent(double p) {
        return Double.isNaN(p) ? "n/a" : String.format("%.1f%%", p);
    }

    /** A percentile of {@code h} in whole microseconds ({@code 1,234 us}), "-" if it is empty. */
    public static String us(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : String.format("%,.0f us", h.getValueAtPercentile(percentile) / 1e3);
    }
}
