package dev.weft.bench.http;

import static dev.weft.bench.common.ReportText.micros;
import static dev.weft.bench.common.ReportText.percent;
import static dev.weft.bench.common.ReportText.ratio;
import static dev.weft.bench.common.ReportText.us;

import dev.weft.bench.common.ReportText;
import dev.weft.bench.common.Run;
import dev.weft.bench.common.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** The summary of a run: markdown tables, ratios, issue 13's targets, and a TSV line per system. */
final class HttpReport {

    private final Run run;
    private final Map<String, String> options;
    private final List<SystemStats> stats;
    private final String serverCommand;

    /** The report of {@code run}, ended, whose systems did {@code stats}; the server JVM ran {@code serverCommand}. */
    HttpReport(Run run, List<SystemStats> stats, String serverCommand) {
        this.run = run;
        this.options = run.options();
        this.stats = stats;
        this.serverCommand = serverCommand;
    }

    private SystemStats find(String name) {
        return stats.stream().filter(s -> s.system.equals(name)).findFirst().orElse(null);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(run.header());
        md.append("Client JVM: ").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments())).append("; client `").append(options.get("client")).append("`. Server JVM: `")
                .append(serverCommand).append("`. Second member JVM: `").append(options.get("member-jvm"))
                .append("`.\n\n");
        md.append(String.format("%,d sessions per system of 3 x 100 bytes, created through HTTP; %s client threads"
                + " (one keep-alive connection each), one write every %s requests per thread; %s rounds of %s s per"
                + " system alternating, after a %s s warm-up each.%n%n", Integer.parseInt(options.get("sessions")),
                options.get("threads"), options.get("write-every"), options.get("rounds"),
                options.get("round-seconds"), options.get("warmup-seconds")));
        md.append("| system | requests/s, median of rounds (min..max) | mean | p50 | p99 | p50 / p99 read-only"
                + " | p50 / p99 writing | store ops per read-only request | per writing request"
                + " | responses with Set-Cookie | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SystemStats s : stats) {
            Histogram all = s.all();
            md.append(String.format("| %s | %,.0f (%,.0f..%,.0f) | %s | %s | %s | %s / %s | %s / %s | %s | %s | %,d | %s |%n",
                    s.system, s.medianThroughput(), Stats.min(s.roundThroughput),
                    Stats.max(s.roundThroughput), wholeUs(all.getMean()), us(all, 50), us(all, 99), us(s.reads, 50),
                    us(s.reads, 99), us(s.writes, 50), us(s.writes, 99), ops(s.opsPerRead()), ops(s.opsPerWrite()),
                    s.setCookies, errors(s)));
        }
        cpuTable(md);
        md.append("\nSystems:\n\n");
        for (SystemStats s : stats) {
            md.append("- `").append(s.system).append("`: ").append(s.description).append('\n');
            if (s.firstError != null) {
                md.append("  - first error: ").append(s.firstError).append('\n');
            }
        }
        for (String subject : List.of("weft", "weft-httpsession")) {
            SystemStats s = find(subject);
            if (s == null) {
                continue;
            }
            md.append("\nRatios of `").append(subject).append("` (requests/s: medians, and the median of the"
                    + " ratios round by round; p99, lower is better; CPU per request of both server JVMs, medians,"
                    + " lower is better):\n\n");
            for (String other : List.of("spring", "hazelcast-wm", "jetty-memory", "imap-floor", "weft")) {
                SystemStats o = find(other);
                if (o != null && o != s) {
                    List<Double> paired = paired(s.roundThroughput, o.roundThroughput);
                    md.append(String.format("- %s / %s: requests/s %.2fx (round by round %.2fx, %.2f..%.2f), p99 %.2fx,"
                            + " server CPU per request %.2fx (round by round %.2fx, %.2f..%.2f)%n", subject, other,
                            s.medianThroughput() / o.medianThroughput(), Stats.median(paired),
                            Stats.min(paired), Stats.max(paired), p99(s) / p99(o), cpuRatio(s, o),
                            Stats.median(paired(s.serversCpu, o.serversCpu)),
                            Stats.min(paired(s.serversCpu, o.serversCpu)),
                            Stats.max(paired(s.serversCpu, o.serversCpu))));
                }
            }
        }
        SystemStats weft = find("weft");
        if (weft != null) {
            md.append("\nTargets (issue 13):\n\n");
            target(md, "requests/s >= 2x Spring Session", weft, find("spring"), 2.0);
            target(md, "requests/s >= 0.6x the container's unclustered sessions (jetty-memory)", weft,
                    find("jetty-memory"), 0.6);
            md.append("- not a target, for reading the ratios without the machine's steal: server CPU per request"
                    + " (both server JVMs, medians)");
            for (String[] other : new String[][] {{"spring", "2x"}, {"jetty-memory", "0.6x"}}) {
                SystemStats o = find(other[0]);
                if (o != null) {
                    double goal = Double.parseDouble(other[1].replace("x", ""));
                    md.append(String.format("; weft / %s %.2fx (if both ran CPU-bound, %s would need <= %.2fx)",
                            other[0], cpuRatio(weft, o), other[1], 1 / goal));
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    private void cpuTable(StringBuilder md) {
        md.append(String.format("%nCPU time per request: process CPU time (user + system) of each JVM over each"
                + " measured round, divided by the requests completed in it; median of the rounds (min..max). Server"
                + " JVM = Jetty, the session filters and member 1; member 2 = the second member's JVM; client = the"
                + " load generator's JVM. "))
                .append(ReportText.machineSentence(run, "over the whole run", stats.stream().map(s -> s.cpu).toList(),
                        stats.stream().flatMap(s -> s.roundSteal.stream()).toList()))
                .append(String.format("%n%n"));
        md.append("| system | requests/s | CPU per request: server JVM | member 2 JVM | both server JVMs | client JVM"
                + " | both servers / jetty-memory's | / spring's | kernel share of both servers' CPU"
                + " | steal in its rounds (per round) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SystemStats s : stats) {
            md.append(String.format("| %s | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s (%s..%s) |%n", s.system,
                    s.medianThroughput(), micros(s.serverCpu), micros(s.memberCpu), micros(s.serversCpu),
                    micros(s.clientCpu), ratio(cpuRatio(s, find("jetty-memory"))), ratio(cpuRatio(s, find("spring"))),
                    percent(s.serversKernelPercent()),
                    percent(s.cpu == null ? Double.NaN : s.cpu.stealPercent()), percent(Stats.min(s.roundSteal)),
                    percent(Stats.max(s.roundSteal))));
        }
    }

    /**
     * The ratios of one system's figure to another's in the same round (the same cycle of the
     * alternation, seconds apart), which the machine's slower and faster phases affect less than a
     * ratio of medians.
     */
    private static List<Double> paired(List<Double> a, List<Double> b) {
        List<Double> ratios = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return ratios;
    }

    private static double cpuRatio(SystemStats s, SystemStats o) {
        return s == null || o == null ? Double.NaN : Stats.median(s.serversCpu) / Stats.median(o.serversCpu);
    }

    private static double p99(SystemStats s) {
        return s.all().getValueAtPercentile(99);
    }

    private static void target(StringBuilder md, String what, SystemStats weft, SystemStats other, double goal) {
        if (other == null) {
            md.append("- ").append(what).append(": not measured in this run\n");
            return;
        }
        double r = weft.medianThroughput() / other.medianThroughput();
        md.append(String.format("- %s: %.2fx, %s%n", what, r, r >= goal ? "met" : "missed"));
    }

    private static String errors(SystemStats s) {
        long n = s.errorCount();
        if (n == 0) {
            return "0";
        }
        return n + " (" + s.errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String ops(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2f", value);
    }

    /** Nanoseconds as whole microseconds ({@code 1,234 us}). */
    private static String wholeUs(double nanos) {
        return String.format("%,.0f us", nanos / 1e3);
    }

    /** One line per system, for comparing runs. */
    String tsv() {
        StringBuilder tsv = new StringBuilder("system\tsessions\trequests_per_s\trequests_per_s_min\trequests_per_s_max"
                + "\tmean_us\tp50_us\tp99_us\tp999_us\tops_read\tops_write\tset_cookies\terrors\tserver_cpu_us"
                + "\tmember_cpu_us\tservers_cpu_us\tclient_cpu_us\tservers_cpu_vs_jetty_memory\tservers_cpu_vs_spring"
                + "\tservers_kernel_pct\tsteal_pct\n");
        for (SystemStats s : stats) {
            Histogram all = s.all();
            tsv.append(String.format(Locale.ROOT, "%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.3f\t%.3f\t%d\t%d"
                    + "\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f\t%.1f\t%.2f%n", s.system, options.get("sessions"),
                    s.medianThroughput(), Stats.min(s.roundThroughput), Stats.max(s.roundThroughput),
                    all.getMean() / 1e3, all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3,
                    all.getValueAtPercentile(99.9) / 1e3, s.opsPerRead(), s.opsPerWrite(), s.setCookies,
                    s.errorCount(), Stats.median(s.serverCpu), Stats.median(s.memberCpu),
                    Stats.median(s.serversCpu), Stats.median(s.clientCpu),
                    cpuRatio(s, find("jetty-memory")), cpuRatio(s, find("spring")),
                    s.serversKernelPercent(),
                    s.cpu == null ? Double.NaN : s.cpu.stealPercent()));
        }
        return tsv.toString();
    }
}
