package dev.tauon.examples;

import dev.tauon.core.Tensor;
import dev.tauon.core.io.AtomicFiles;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.prune.Pruning;
import dev.tauon.nn.prune.PruningSchedule;
import dev.tauon.nn.prune.PruningScope;
import dev.tauon.nn.prune.SparseWeights;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Test accuracy of the small CIFAR-10 CNN against sparsity: trains it once, then for each sparsity
 * prunes a copy by magnitude, once in one shot and once gradually while fine-tuning, and writes
 * {@code pruning.csv}, {@code pruning.png}, the base weights and each pruned model stored sparsely.
 */
@Command(
        name = "pruning-curve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Accuracy of the small CIFAR-10 CNN against magnitude-pruning sparsity.")
public final class PruningCurve {
    @Mixin
    SmallRunOptions run = new SmallRunOptions();

    @Option(
            names = "--sparsities",
            split = ",",
            defaultValue = "0,0.25,0.5,0.7,0.8,0.9,0.95",
            description = "Sparsities to measure (default: ${DEFAULT-VALUE}).")
    List<Double> sparsities;

    @Option(
            names = "--scope",
            defaultValue = "GLOBAL",
            description = "GLOBAL or LAYERWISE (default: ${DEFAULT-VALUE}).")
    PruningScope scope;

    @Option(
            names = "--finetune-epochs",
            defaultValue = "1",
            description =
                    "Fine-tuning epochs per sparsity, the sparsity ramped over the first half (default: ${DEFAULT-VALUE}).")
    int finetuneEpochs;

    private PruningCurve() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PruningCurve c = new PruningCurve();
        return CommandLines.run("pruning-curve", c, c.run::validate, args, out, err, c::measure);
    }

    private void measure(PrintStream out) throws IOException {
        Files.createDirectories(run.output);
        SmallCifar data = SmallCifar.load(run);
        long start = System.nanoTime();
        Sequential base = data.cnn(run);
        Path basePath = run.output.resolve("base.safetensors");
        Weights.save(base, basePath);
        out.printf(
                Locale.ROOT,
                "base model: test accuracy %.4f (%s, %.0f s)%n",
                data.accuracy(base),
                run.describe(),
                (System.nanoTime() - start) / 1e9);
        long batchesPerEpoch = (data.train().size() + 63) / 64;
        StringBuilder csv = new StringBuilder("sparsity,one_shot_accuracy,fine_tuned_accuracy,measured_sparsity,"
                + "sparse_file_bytes,dense_file_bytes\n");
        XYSeries oneShot = new XYSeries("pruned in one shot");
        XYSeries tuned = new XYSeries("pruned while fine-tuning (" + finetuneEpochs + " epoch)");
        for (double s : sparsities) {
            Sequential once = copy(base, data);
            Pruning.attach(once).prune(s, scope);
            double oneShotAccuracy = data.accuracy(once);

            Sequential model = copy(base, data);
            Pruning pruning = Pruning.attach(model);
            long ramp = Math.max(1, finetuneEpochs * batchesPerEpoch / 2);
            double tunedAccuracy = s == 0
                    ? data.fit(model, Loss.crossEntropy(), 5e-4f, finetuneEpochs, run.seed)
                    : data.fit(
                            model,
                            Loss.crossEntropy(),
                            5e-4f,
                            finetuneEpochs,
                            run.seed,
                            new PruningSchedule(pruning, scope, 0, s, 0, ramp, Math.max(1, ramp / 10)));
            Path sparse = run.output.resolve(String.format(Locale.ROOT, "pruned-%.2f.safetensors", s));
            SparseWeights.save(model, sparse);
            long sparseBytes = Files.size(sparse);
            long denseBytes = Files.size(basePath);
            csv.append(String.format(
                    Locale.ROOT,
                    "%.2f,%.4f,%.4f,%.4f,%d,%d%n",
                    s,
                    oneShotAccuracy,
                    tunedAccuracy,
                    pruning.sparsity(),
                    sparseBytes,
                    denseBytes));
            oneShot.add(s * 100, oneShotAccuracy);
            tuned.add(s * 100, tunedAccuracy);
            out.printf(
                    Locale.ROOT,
                    "sparsity %.2f: one shot %.4f, fine-tuned %.4f; sparse file %d bytes (dense %d)%n",
                    s,
                    oneShotAccuracy,
                    tunedAccuracy,
                    sparseBytes,
                    denseBytes);
        }
        AtomicFiles.write(run.output.resolve("pruning.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        writeChart(run.output.resolve("pruning.png"), oneShot, tuned, scope + " magnitude pruning, " + run.describe());
        out.printf(Locale.ROOT, "Wrote %s (%.0f s)%n", run.output, (System.nanoTime() - start) / 1e9);
    }

    /** A new small CNN holding {@code base}'s weights. */
    private Sequential copy(Sequential base, SmallCifar data) {
        Sequential m = Cifar10Model.create(run.seed, data.classNames().size());
        Map<String, Tensor> state = new LinkedHashMap<>();
        base.stateDict().forEach((n, t) -> state.put(n, t.copy()));
        m.loadStateDict(state);
        return m;
    }

    static void writeChart(Path file, XYSeries oneShot, XYSeries tuned, String subtitle) throws IOException {
        XYSeriesCollection series = new XYSeriesCollection();
        series.addSeries(oneShot);
        series.addSeries(tuned);
        NumberAxis x = new NumberAxis("sparsity of the Conv2D and Dense weights (%)");
        NumberAxis y = new NumberAxis("test accuracy");
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0xff7f0e));
        renderer.setSeriesPaint(1, new Color(0x1f77b4));
        XYPlot plot = new XYPlot(series, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart =
                new JFreeChart("Small CNN: test accuracy against sparsity", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle));
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, 900, 600);
        AtomicFiles.write(file, png.toByteArray());
    }
}
