package dev.weft.bench.load;

import dev.weft.bench.common.BarCharts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.data.category.DefaultCategoryDataset;

/** The load run's chart: throughput per system beside p50 and p99 latency per system. */
final class Charts {

    private Charts() {
    }

    static void load(List<RoundStats> stats, String title, Path png) throws IOException {
        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        for (RoundStats s : stats) {
            throughput.addValue(s.throughput(), "requests/s", s.system.name());
            BarCharts.addP50P99(latency, s.all(), s.system.name());
        }
        BarCharts.write(png, title, 1500, 140 + 60 * stats.size(), 0.45f,
                BarCharts.bars("Throughput (higher is better)", "requests per second", throughput, false),
                BarCharts.latency(latency));
    }
}
