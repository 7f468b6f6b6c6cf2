package dev.tauon.examples;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.AtomicFiles;
import dev.tauon.data.BatchLoader;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.explain.GradCam;
import dev.tauon.nn.explain.Heatmaps;
import dev.tauon.nn.explain.IntegratedGradients;
import dev.tauon.nn.explain.Occlusion;
import dev.tauon.nn.explain.Saliency;
import dev.tauon.nn.explain.SmoothGrad;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * For a few test images of each CIFAR-10 class, the small CNN's attribution maps for the true class
 * side by side: saliency, SmoothGrad, Integrated Gradients, Grad-CAM of a chosen layer, occlusion.
 * Trains the CNN (or loads its weights) and writes {@code attribution.png}.
 */
@Command(
        name = "attribution-grid",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "A PNG grid of CIFAR-10 test images and the small CNN's attribution maps.")
public final class AttributionGrid {
    private static final int SCALE = 3;
    private static final String[] COLUMNS = {
        "image", "saliency", "SmoothGrad", "Int. Gradients", "Grad-CAM", "occlusion"
    };

    @Mixin
    SmallRunOptions run = new SmallRunOptions();

    @Option(
            names = "--per-class",
            defaultValue = "2",
            description = "Test images per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(
            names = "--layer",
            defaultValue = "4",
            description = "The Grad-CAM layer, by its index in the CNN (default: ${DEFAULT-VALUE}, the last Conv2D).")
    String layer;

    @Option(
            names = "--ig-steps",
            defaultValue = "32",
            description = "Integrated Gradients steps (default: ${DEFAULT-VALUE}).")
    int igSteps;

    @Option(
            names = "--smooth-samples",
            defaultValue = "16",
            description = "SmoothGrad samples (default: ${DEFAULT-VALUE}).")
    int smoothSamples;

    @Option(
            names = "--smooth-noise",
            defaultValue = "0.15",
            description = "SmoothGrad noise, as a fraction of each image's range (default: ${DEFAULT-VALUE}).")
    float smoothNoise;

    @Option(
            names = "--occlusion-window",
            defaultValue = "8",
            description = "Occlusion patch size (default: ${DEFAULT-VALUE}).")
    int occlusionWindow;

    @Option(
            names = "--occlusion-stride",
            defaultValue = "4",
            description = "Occlusion stride (default: ${DEFAULT-VALUE}).")
    int occlusionStride;

    private AttributionGrid() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        AttributionGrid g = new AttributionGrid();
        return CommandLines.run("attribution-grid", g, g.run::validate, args, out, err, g::draw);
    }

    private void draw(PrintStream out) throws IOException {
        Files.createDirectories(run.output);
        SmallCifar data = SmallCifar.load(run);
        Sequential model = data.cnn(run);
        Module target = model.children().get(layer);
        if (target == null) {
            throw new IllegalArgumentException("--layer " + layer + ": the CNN's layers are "
                    + model.children().keySet());
        }
        Batch picked = pick(data, data.classNames().size());
        Tensor x = picked.inputs();
        int[] labels = picked.labels();
        long start = System.nanoTime();
        int[] predicted;
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            predicted = argmax(model.call(x));
        }
        List<Tensor> maps = List.of(
                Heatmaps.perPixel(Saliency.of(model, x, labels)),
                Heatmaps.perPixel(SmoothGrad.of(model, x, labels, smoothSamples, smoothNoise, new Generator(run.seed))),
                Heatmaps.perPixel(IntegratedGradients.of(model, x, labels, igSteps)),
                Heatmaps.resize(GradCam.of(model, target, x, labels), x.dim(2), x.dim(3)),
                Occlusion.of(model, x, labels, occlusionWindow, occlusionStride, 0f));
        out.printf(Locale.ROOT, "maps of %d images in %.1f s%n", labels.length, (System.nanoTime() - start) / 1e9);
        BufferedImage grid = render(x, labels, predicted, maps, data.classNames());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grid, "png", png);
        AtomicFiles.write(run.output.resolve("attribution.png"), png.toByteArray());
        out.printf(
                Locale.ROOT,
                "Wrote %s (Grad-CAM of layer %s, %s; %s)%n",
                run.output.resolve("attribution.png"),
                layer,
                target.name(),
                run.describe());
    }

    /** The first {@code perClass} test images of each class, in class order. */
    private Batch pick(SmallCifar data, int classes) {
        List<List<float[]>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        int[] shape = null;
        try (BatchLoader test = data.testBatches()) {
            for (Batch b : test) {
                shape = b.inputs().shape();
                int per = b.inputs().size() / b.size();
                for (int i = 0; i < b.size(); i++) {
                    List<float[]> list = byClass.get(b.labels()[i]);
                    if (list.size() < perClass) {
                        float[] img = new float[per];
                        System.arraycopy(b.inputs().data(), i * per, img, 0, per);
                        list.add(img);
                    }
                }
            }
        }
        int per = shape[1] * shape[2] * shape[3];
        List<Integer> labels = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            for (float[] img : byClass.get(c)) {
                images.add(img);
                labels.add(c);
            }
        }
        float[] all = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * per, per);
        }
        return Batch.ofLabels(
                Tensor.of(all, images.size(), shape[1], shape[2], shape[3]),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] argmax(Tensor scores) {
        int n = scores.dim(0);
        int k = scores.dim(1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < k; c++) {
                if (scores.data()[i * k + c] > scores.data()[i * k + out[i]]) {
                    out[i] = c;
                }
            }
        }
        return out;
    }

    static BufferedImage render(Tensor x, int[] labels, int[] predicted, List<Tensor> maps, List<String> names) {
        int h = x.dim(2);
        int w = x.dim(3);
        int cellW = w * SCALE + 8;
        int cellH = h * SCALE + 8;
        int left = 150;
        int top = 40;
        BufferedImage img = new BufferedImage(
                left + COLUMNS.length * cellW, top + labels.length * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int c = 0; c < COLUMNS.length; c++) {
            g.drawString(COLUMNS[c], left + c * cellW + 2, top - 12);
        }
        int channels = x.dim(1);
        for (int r = 0; r < labels.length; r++) {
            int y0 = top + r * cellH;
            g.setColor(predicted[r] == labels[r] ? Color.BLACK : Color.RED);
            g.drawString(names.get(labels[r]), 8, y0 + cellH / 2 - 4);
            g.drawString("predicted " + names.get(predicted[r]), 8, y0 + cellH / 2 + 10);
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        float v = x.get(r, Math.min(ch, channels - 1), i, j);
                        rgb = rgb << 8 | Math.max(0, Math.min(255, Math.round(v * 255)));
                    }
                    fill(img, left + j * SCALE, y0 + i * SCALE, rgb);
                }
            }
            for (int m = 0; m < maps.size(); m++) {
                float[] map = maps.get(m).data();
                float max = 0;
                for (int i = r * h * w; i < (r + 1) * h * w; i++) {
                    max = Math.max(max, map[i]);
                }
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        float v = map[(r * h + i) * w + j];
                        fill(img, left + (m + 1) * cellW + j * SCALE, y0 + i * SCALE, heat(max > 0 ? v / max : 0));
                    }
                }
            }
        }
        g.dispose();
        return img;
    }

    private static void fill(BufferedImage img, int x, int y, int rgb) {
        for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
                img.setRGB(x + dx, y + dy, rgb);
            }
        }
    }

    /** A black-red-yellow-white ramp for {@code t} in [0, 1] (negative values show as black). */
    static int heat(float t) {
        float v = Math.max(0f, Math.min(1f, t));
        int r = Math.round(255 * Math.min(1f, 3 * v));
        int g = Math.round(255 * Math.max(0f, Math.min(1f, 3 * v - 1)));
        int b = Math.round(255 * Math.max(0f, Math.min(1f, 3 * v - 2)));
        return r << 16 | g << 8 | b;
    }
}
