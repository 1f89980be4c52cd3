package dev.weft.bench.common;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
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
 * The drawing of the runs' charts (JFreeChart, one PNG): horizontal bar charts, one bar group per
 * system, side by side under a title.
 */
public final class BarCharts {

    private BarCharts() {
    }

    /** A horizontal bar chart of {@code data} with its values on an axis named {@code axis}. */
    public static JFreeChart bars(String title, String axis, DefaultCategoryDataset data, boolean legend) {
        return ChartFactory.createBarChart(title, "", axis, data, PlotOrientation.HORIZONTAL, legend, false, false);
    }

    /** Adds the p50 and p99 of {@code latencies} (nanoseconds) in microseconds as {@code system}'s. */
    public static void addP50P99(DefaultCategoryDataset data, Histogram latencies, String system) {
        data.addValue(latencies.getValueAtPercentile(50) / 1e3, "p50", system);
        data.addValue(latencies.getValueAtPercentile(99) / 1e3, "p99", system);
    }

    /** The latency chart of {@code data} ({@link #addP50P99}): bars from 10 us on a log scale, with a legend. */
    public static JFreeChart latency(DefaultCategoryDataset data) {
        JFreeChart chart = bars("Latency p50 / p99 (lower is better, log scale)", "microseconds", data, true);
        BarRenderer bars = (BarRenderer) chart.getCategoryPlot().getRenderer();
        bars.setBase(10);
        bars.setIncludeBaseInRange(false);
        LogAxis log = new LogAxis("microseconds");
        log.setSmallestValue(10);
        log.setNumberFormatOverride(new DecimalFormat("#,##0"));
        chart.getCategoryPlot().setRangeAxis(log);
        return chart;
    }

    /**
     * Draws {@code charts} side by side, each of equal width, under {@code title}, on a white image of
     * {@code width} x {@code height} pixels, and writes it to {@code png}. System names may take up to
     * {@code labelWidthRatio} of a chart's width, on up to two lines.
     */
    public static void write(Path png, String title, int width, int height, float labelWidthRatio,
            JFreeChart... charts) throws IOException {
        for (JFreeChart chart : charts) {
            CategoryAxis names = chart.getCategoryPlot().getDomainAxis();
            names.setMaximumCategoryLabelWidthRatio(labelWidthRatio);
            names.setMaximumCategoryLabelLines(2);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(16f));
        g.drawString(title, 20, 24);
        double each = width / (double) charts.length;
        for (int i = 0; i < charts.length; i++) {
            charts[i].draw(g, new Rectangle2D.Double(i * each, 36, each, height - 36));
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
