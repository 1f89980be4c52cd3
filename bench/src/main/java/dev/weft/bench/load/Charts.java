package dev.weft.bench.load;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.plot.PlotOrientation;
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
            Histogram all = s.all();
            latency.addValue(all.getValueAtPercentile(50) / 1e3, "p50", s.system.name());
            latency.addValue(all.getValueAtPercentile(99) / 1e3, "p99", s.system.name());
        }
        JFreeChart left = ChartFactory.createBarChart("Throughput (higher is better)", "", "requests per second",
                throughput, PlotOrientation.HORIZONTAL, false, false, false);
        JFreeChart right = ChartFactory.createBarChart("Latency p50 / p99 (lower is better, log scale)", "",
                "microseconds", latency, PlotOrientation.HORIZONTAL, true, false, false);
        BarRenderer bars = (BarRenderer) right.getCategoryPlot().getRenderer();
        bars.setBase(10);
        bars.setIncludeBaseInRange(false);
        LogAxis log = new LogAxis("microseconds");
        log.setSmallestValue(10);
        log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        right.getCategoryPlot().setRangeAxis(log);
        for (JFreeChart chart : new JFreeChart[] {left, right}) {
            CategoryAxis names = chart.getCategoryPlot().getDomainAxis();
            names.setMaximumCategoryLabelWidthRatio(0.45f);
            names.setMaximumCategoryLabelLines(2);
        }
        int width = 1500;
        int height = 140 + 60 * stats.size();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(16f));
        g.drawString(title, 20, 24);
        left.draw(g, new Rectangle2D.Double(0, 36, width / 2.0, height - 36));
        right.draw(g, new Rectangle2D.Double(width / 2.0, 36, width / 2.0, height - 36));
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
