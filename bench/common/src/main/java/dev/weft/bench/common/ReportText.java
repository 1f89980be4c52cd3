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

    /**
     * The sentence on the machine's CPU under a summary's CPU table: the steal over the whole run (put
     * as {@code wholeRun}, such as "over the whole run") and over the measured rounds ({@code rounds},
     * each system's sum; null where unknown) with its least and greatest round ({@code roundSteal}),
     * and the share of other processes over the measured rounds.
     */
    public static String machineSentence(Run run, String wholeRun, List<CpuMeter.Interval> rounds,
            List<Double> roundSteal) {
        CpuMeter.Interval all = CpuMeter.Interval.sum(rounds);
        return String.format("Machine: steal %s of its CPU time %s, %s over the measured rounds (per round %s..%s);"
                + " other processes %s of its CPU over the measured rounds (estimate).",
                percent(run.stealPercent()), wholeRun, percent(all == null ? Double.NaN : all.stealPercent()),
                percent(Stats.min(roundSteal)), percent(Stats.max(roundSteal)),
                percent(all == null ? Double.NaN : all.otherPercent()));
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
