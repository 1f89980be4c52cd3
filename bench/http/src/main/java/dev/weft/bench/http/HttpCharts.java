package dev.weft.bench.http;

import dev.weft.bench.common.BarCharts;
import dev.weft.bench.common.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The run's chart, drawn as {@code bench/}'s ({@link BarCharts}, one PNG): throughput per system, p50
 * and p99 latency, and CPU time per request of the server JVMs and of the client.
 */
final class HttpCharts {

    private HttpCharts() {
    }

    static void load(List<SystemStats> stats, String title, Path png) throws IOException {
        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        DefaultCategoryDataset cpu = new DefaultCategoryDataset();
        for (SystemStats s : stats) {
            throughput.addValue(s.medianThroughput(), "requests/s", s.system);
            BarCharts.addP50P99(latency, s.all(), s.system);
            cpu.addValue(Stats.median(s.serverCpu), "server JVM", s.system);
            cpu.addValue(Stats.median(s.memberCpu), "member 2 JVM", s.system);
            cpu.addValue(Stats.median(s.clientCpu), "client JVM", s.system);
        }
        BarCharts.write(png, title, 1800, 160 + 70 * stats.size(), 0.4f,
                BarCharts.bars("Throughput, median of rounds (higher is better)", "requests per second", throughput,
                        false),
                BarCharts.latency(latency),
                BarCharts.bars("CPU time per request (lower is better)", "microseconds", cpu, true));
    }
}
