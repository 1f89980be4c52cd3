package dev.weft.bench.load;

import static dev.weft.bench.common.ReportText.micros;
import static dev.weft.bench.common.ReportText.percent;
import static dev.weft.bench.common.ReportText.ratio;
import static dev.weft.bench.common.ReportText.us;

import dev.weft.bench.common.ReportText;
import dev.weft.bench.common.Run;
import dev.weft.bench.common.Stats;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The summary of a load run: a markdown table, ratios and the targets of issue 6. */
final class Report {

    private final Run run;
    private final Map<String, String> options;
    private final List<RoundStats> stats;

    /** The report of {@code run}, ended, whose systems did {@code stats}. */
    Report(Run run, List<RoundStats> stats) {
        this.run = run;
        this.options = run.options();
        this.stats = stats;
    }

    private RoundStats find(String name) {
        return stats.stream().filter(s -> s.system.name().equals(name)).findFirst().orElse(null);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(run.header());
        md.append("Driver JVM: ").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments())).append("; common pool parallelism ")
                .append(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()).append("; second member JVM: ")
                .append(options.get("member-jvm")).append(".\n\n");
        md.append(String.format("%,d sessions of 3 x 100 bytes, %s driver threads, one write every %s requests per"
                + " thread, %s rounds of %s s per system alternating (after a %s s warm-up each).%n%n",
                Integer.parseInt(options.get("sessions")), options.get("threads"), options.get("write-every"),
                options.get("rounds"), options.get("round-seconds"), options.get("warmup-seconds")));
        md.append("| system | requests/s (rounds min..max) | p50 | p99 | p50 / p99 read-only | p50 / p99 writing"
                + " | store ops per read-only request | per writing request | threads started per request | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RoundStats s : stats) {
            Histogram all = s.all();
            double min = Stats.min(s.roundThroughput);
            double max = Stats.max(s.roundThroughput);
            md.append(String.format("| %s | %,.0f (%,.0f..%,.0f) | %s | %s | %s / %s | %s / %s | %.2f | %.2f | %.2f | %d |%n",
                    s.system.name(), s.throughput(), min, max, us(all, 50), us(all, 99), us(s.reads, 50),
                    us(s.reads, 99), us(s.writes, 50), us(s.writes, 99), s.opsPerRead(), s.opsPerWrite(),
                    (double) s.threadsStarted / s.requests(), s.errors));
        }
        cpuTable(md);
        md.append("\nSystems:\n\n");
        for (RoundStats s : stats) {
            md.append("- `").append(s.system.name()).append("`: ").append(s.system.description()).append('\n');
            if (s.firstError != null) {
                md.append("  - first error: ").append(s.firstError).append('\n');
            }
        }
        for (String subject : List.of("weft", "weft-window-0", "weft-get-first")) {
            RoundStats s = find(subject);
            if (s == null) {
                continue;
            }
            md.append("\nRatios of `").append(subject).append("` (throughput; p99 latency, lower is better):\n\n");
            for (String other : List.of("spring", "raw", "floor", "weft-state-changes")) {
                RoundStats o = find(other);
                if (o != null) {
                    md.append(String.format("- %s / %s: throughput %.2fx, p99 %.2fx; CPU per request, both JVMs"
                            + " %.2fx (driver JVM %.2fx, member 2 %.2fx)%n", subject, other,
                            s.throughput() / o.throughput(),
                            s.all().getValueAtPercentile(99) / (double) o.all().getValueAtPercentile(99),
                            Stats.median(s.cpuPerRequest) / Stats.median(o.cpuPerRequest),
                            Stats.median(s.driverCpuPerRequest) / Stats.median(o.driverCpuPerRequest),
                            Stats.median(s.memberCpuPerRequest) / Stats.median(o.memberCpuPerRequest)));
                }
            }
        }
        RoundStats weft = find("weft");
        if (weft != null) {
            md.append("\nTargets (issue 6):\n\n");
            target(md, "throughput >= 3x spring", find("spring"), o -> weft.throughput() / o.throughput(), 3.0);
            target(md, "throughput >= 1.5x raw IMap get+set", find("raw"), o -> weft.throughput() / o.throughput(), 1.5);
            target(md, "throughput >= 0.85x the floor", find("floor"), o -> weft.throughput() / o.throughput(), 0.85);
            md.append(String.format("- store operations: %.2f per read-only request (target 1), %.2f per writing"
                    + " request (target 2): %s%n", weft.opsPerRead(), weft.opsPerWrite(),
                    Math.abs(weft.opsPerRead() - 1) < 0.005 && Math.abs(weft.opsPerWrite() - 2) < 0.005 ? "met" : "missed"));
            md.append("- not a target, for reading the throughput ratios without the machine's steal: CPU per request"
                    + " (both JVMs, medians)");
            for (String[] other : new String[][] {{"spring", "3x"}, {"raw", "1.5x"}, {"floor", "0.85x"}}) {
                RoundStats o = find(other[0]);
                if (o != null) {
                    md.append(String.format("; weft / %s %.2fx (if both ran CPU-bound, the %s throughput target"
                            + " would need <= %.2fx)", other[0], cpuRatio(weft, o), other[1],
                            1 / Double.parseDouble(other[1].replace("x", ""))));
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Median CPU per request (both JVMs) of {@code s} over that of {@code o}; NaN if either is missing. */
    private static double cpuRatio(RoundStats s, RoundStats o) {
        return s == null || o == null ? Double.NaN : Stats.median(s.cpuPerRequest) / Stats.median(o.cpuPerRequest);
    }

    /** The CPU time per request of both JVMs, per system, and the machine's steal. */
    private void cpuTable(StringBuilder md) {
        md.append(String.format("%nCPU time per request: process CPU time (user + system) of each JVM over each"
                + " measured round, divided by the requests completed in the round; median of the rounds"
                + " (min..max). Driver JVM = member 1 plus the load generator; member 2 = the child JVM. "))
                .append(ReportText.machineSentence(run, "from the start of the run to its end",
                        stats.stream().map(s -> s.cpu).toList(),
                        stats.stream().flatMap(s -> s.roundSteal.stream()).toList()))
                .append(String.format("%n%n"));
        md.append("| system | requests/s | CPU per request: driver JVM | member 2 JVM | both JVMs | both / floor's"
                + " | both / spring's | steal in its rounds (per round) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RoundStats s : stats) {
            md.append(String.format("| %s | %,.0f | %s | %s | %s | %s | %s | %s (%s..%s) |%n", s.system.name(),
                    s.throughput(), micros(s.driverCpuPerRequest), micros(s.memberCpuPerRequest),
                    micros(s.cpuPerRequest), ratio(cpuRatio(s, find("floor"))), ratio(cpuRatio(s, find("spring"))),
                    percent(s.cpu == null ? Double.NaN : s.cpu.stealPercent()), percent(Stats.min(s.roundSteal)),
                    percent(Stats.max(s.roundSteal))));
        }
    }

    private interface Ratio {
        double of(RoundStats other);
    }

    private static void target(StringBuilder md, String what, RoundStats other, Ratio ratio, double goal) {
        if (other == null) {
            md.append("- ").append(what).append(": not measured in this run\n");
            return;
        }
        double r = ratio.of(other);
        md.append(String.format("- %s: %.2fx, %s%n", what, r, r >= goal ? "met" : "missed"));
    }

    /** One line per system, for comparing runs. */
    String tsv() {
        // CPU columns: medians over the measured rounds, microseconds per request; cpu_vs_* are the
        // system's median cpu_us over that of floor / spring (NaN when that system did not run).
        StringBuilder tsv = new StringBuilder("system\tsessions\trequests_per_s\tp50_us\tp99_us\tp999_us\tops_read"
                + "\tops_write\tthreads_per_request\terrors\tdriver_cpu_us\tmember_cpu_us\tcpu_us\tcpu_us_min"
                + "\tcpu_us_max\tcpu_vs_floor\tcpu_vs_spring\tsteal_pct\n");
        for (RoundStats s : stats) {
            Histogram all = s.all();
            tsv.append(String.format(java.util.Locale.ROOT, "%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f\t%d"
                    + "\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f\t%.2f%n", s.system.name(),
                    options.get("sessions"), s.throughput(), all.getValueAtPercentile(50) / 1e3,
                    all.getValueAtPercentile(99) / 1e3, all.getValueAtPercentile(99.9) / 1e3, s.opsPerRead(),
                    s.opsPerWrite(), (double) s.threadsStarted / s.requests(), s.errors,
                    Stats.median(s.driverCpuPerRequest), Stats.median(s.memberCpuPerRequest),
                    Stats.median(s.cpuPerRequest), Stats.min(s.cpuPerRequest),
                    Stats.max(s.cpuPerRequest), cpuRatio(s, find("floor")), cpuRatio(s, find("spring")),
                    s.cpu == null ? Double.NaN : s.cpu.stealPercent()));
        }
        return tsv.toString();
    }
}
