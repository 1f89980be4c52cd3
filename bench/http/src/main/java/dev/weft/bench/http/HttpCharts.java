package dev.weft.bench.http;

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
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The run's chart, made as {@code bench/}'s (JFreeChart, one PNG): throughput per system, p50 and p99
 * latency, and CPU time per request of the server JVMs and of the client.
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
            Histogram all = s.all();
            latency.addValue(all.getValueAtPercentile(50) / 1e3, "p50", s.system);
            latency.addValue(all.getValueAtPercentile(99) / 1e3, "p99", s.system);
            cpu.addValue(SystemStats.median(s.serverCpu), "server JVM", s.system);
            cpu.addValue(SystemStats.median(s.memberCpu), "member 2 JVM", s.system);
            cpu.addValue(SystemStats.median(s.clientCpu), "client JVM", s.system);
        }
        JFreeChart left = ChartFactory.createBarChart("Throughput, median of rounds (higher is better)", "",
                "requests per second", throughput, PlotOrientation.HORIZONTAL, false, false, false);
        JFreeChart middle = ChartFactory.createBarChart("Latency p50 / p99 (lower is better, log scale)", "",
                "microseconds", latency, PlotOrientation.HORIZONTAL, true, false, false);
        JFreeChart right = ChartFactory.createBarChart("CPU time per request (lower is better)", "",
                "microseconds", cpu, PlotOrientation.HORIZONTAL, true, false, false);
        BarRenderer bars = (BarRenderer) middle.getCategoryPlot().getRenderer();
        bars.setBase(10);
        bars.setIncludeBaseInRange(false);
        LogAxis log = new LogAxis("microseconds");
        log.setSmallestValue(10);
        log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        middle.getCategoryPlot().setRangeAxis(log);
        for (JFreeChart chart : new JFreeChart[] {left, middle, right}) {
            CategoryAxis names = chart.getCategoryPlot().getDomainAxis();
            names.setMaximumCategoryLabelWidthRatio(0.4f);
            names.setMaximumCategoryLabelLines(2);
        }
        int width = 1800;
        int height = 160 + 70 * stats.size();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(16f));
        g.drawString(title, 20, 24);
        double third = width / 3.0;
        left.draw(g, new Rectangle2D.Double(0, 36, third, height - 36));
        middle.draw(g, new Rectangle2D.Double(third, 36, third, height - 36));
        right.draw(g, new Rectangle2D.Double(2 * third, 36, third, height - 36));
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
