package dev.tauon.examples;

import dev.tauon.core.io.AtomicFiles;
import dev.tauon.nn.train.EpochResult;
import dev.tauon.nn.train.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The PNG charts of a training run: loss and accuracy curves, and the confusion matrix. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Loss (top) and accuracy (bottom) per epoch, training and validation. */
    public static void writeCurves(Path file, History history) throws IOException {
        XYSeries loss = new XYSeries("training loss");
        XYSeries valLoss = new XYSeries("validation loss");
        XYSeries acc = new XYSeries("training accuracy");
        XYSeries valAcc = new XYSeries("validation accuracy");
        for (EpochResult e : history.epochs()) {
            loss.add(e.epoch(), e.loss());
            acc.add(e.epoch(), e.accuracy());
            if (!Double.isNaN(e.valLoss())) {
                valLoss.add(e.epoch(), e.valLoss());
                valAcc.add(e.epoch(), e.valAccuracy());
            }
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(subplot("loss", loss, valLoss), 1);
        plot.add(subplot("accuracy", acc, valAcc), 1);
        JFreeChart chart = new JFreeChart("Training curves", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, 900, 700);
        AtomicFiles.write(file, png.toByteArray());
    }

    private static XYPlot subplot(String label, XYSeries training, XYSeries validation) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(training);
        data.addSeries(validation);
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xff7f0e));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    /** A heat map of the confusion matrix with the count in each cell, rows normalised for colour. */
    public static void writeConfusion(Path file, ConfusionMatrix m) throws IOException {
        int k = m.classes();
        int cell = 56;
        int left = 110;
        int top = 70;
        int width = left + k * cell + 20;
        int height = top + k * cell + 110;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(String.format("Confusion matrix (test accuracy %.4f)", m.accuracy()), 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("actual (rows) vs predicted (columns)", 10, 45);
        for (int i = 0; i < k; i++) {
            long rowTotal = 0;
            for (int j = 0; j < k; j++) {
                rowTotal += m.count(i, j);
            }
            for (int j = 0; j < k; j++) {
                double f = rowTotal == 0 ? 0 : (double) m.count(i, j) / rowTotal;
                int shade = (int) Math.round(255 * (1 - f));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
                g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
                g.drawString(Long.toString(m.count(i, j)), left + j * cell + 8, top + i * cell + cell / 2 + 5);
            }
            g.setColor(Color.BLACK);
            g.drawString(m.className(i), 8, top + i * cell + cell / 2 + 5);
        }
        for (int j = 0; j < k; j++) { // column labels, rotated so long names fit
            Graphics2D r = (Graphics2D) g.create();
            r.translate(left + j * cell + cell / 2 + 4, top + k * cell + 8);
            r.rotate(Math.PI / 2);
            r.drawString(m.className(j), 0, 0);
            r.dispose();
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }
}
