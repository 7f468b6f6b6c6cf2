package dev.tauon.nn.train;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * One line per epoch, like Keras': batches done of the total, loss, accuracy, images/s and ETA.
 * On a terminal the line is redrawn in place with {@code \r} (at most ten times a second); when
 * output goes to a file or pipe it prints plain lines instead: one every {@code plainEverySeconds}
 * while the epoch runs, and one when it ends.
 */
public final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean redraw;
    private final double plainEverySeconds;
    private int epoch;
    private int epochs;
    private long lastDraw;
    private int lastLength;
    private BatchResult last;

    /**
     * @param out               where to write
     * @param redraw            redraw one line with {@code \r} (a terminal) or print plain lines
     * @param plainEverySeconds in plain mode, the least time between two progress lines
     */
    public ProgressBar(PrintStream out, boolean redraw, double plainEverySeconds) {
        this.out = out;
        this.redraw = redraw;
        this.plainEverySeconds = plainEverySeconds;
    }

    /** Redraws in place when the JVM's output is a terminal; plain lines every 30 s otherwise. */
    public static ProgressBar forConsole(PrintStream out) {
        return new ProgressBar(out, out == System.out && isTerminal(), 30);
    }

    /**
     * {@code System.console() != null}, except that from Java 22 a console exists even when output
     * is redirected, and only {@code Console.isTerminal()} (called reflectively, since Tauon
     * compiles for 17) tells a terminal apart.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void onEpochStart(Trainer trainer, int epoch, int epochs, int totalBatches) {
        this.epoch = epoch;
        this.epochs = epochs;
        last = null;
        lastDraw = System.nanoTime();
        lastLength = 0;
        if (redraw) {
            draw(String.format(Locale.ROOT, "Epoch %d/%d", epoch, epochs));
        }
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult r) {
        last = r;
        long now = System.nanoTime();
        if (redraw && (now - lastDraw >= REDRAW_NANOS || r.batch() == r.totalBatches())) {
            draw(progressLine(r));
            lastDraw = now;
        } else if (!redraw && (now - lastDraw) / 1e9 >= plainEverySeconds) {
            out.println(progressLine(r));
            lastDraw = now;
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        String done = last == null ? "0 batches" : counter(last.batch(), last.totalBatches());
        String line = String.format(Locale.ROOT, "Epoch %d/%d %s - %s", epoch, epochs, done, epochLine(r));
        if (redraw) {
            draw(line);
            out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void draw(String line) {
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    /** The line while an epoch runs. */
    static String progressLine(BatchResult r) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT, "Epoch %d/%d %s", r.epoch(), r.epochs(), counter(r.batch(), r.totalBatches())));
        sb.append(String.format(Locale.ROOT, " - loss: %.4f", r.meanLoss()));
        if (!Double.isNaN(r.meanAccuracy())) {
            sb.append(String.format(Locale.ROOT, " - accuracy: %.4f", r.meanAccuracy()));
        }
        double rate = r.examples() / Math.max(r.seconds(), 1e-9);
        sb.append(String.format(Locale.ROOT, " - %,.0f img/s", rate));
        if (r.totalBatches() > 0 && r.batch() < r.totalBatches()) {
            double eta = r.seconds() / r.batch() * (r.totalBatches() - r.batch());
            sb.append(" - ETA ").append(clock(eta));
        }
        return sb.toString();
    }

    /** {@code 312/625 [=========>....]}, or {@code 312 batches} when the total is unknown. */
    static String counter(int batch, int total) {
        if (total <= 0) {
            return batch + " batches";
        }
        int filled = (int) ((long) WIDTH * Math.min(batch, total) / total);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + ".".repeat(WIDTH - filled - 1) : "");
        String count = Integer.toString(total);
        return String.format(Locale.ROOT, "%" + count.length() + "d/%s [%s]", batch, count, bar);
    }

    /** An epoch's results, Keras style: {@code loss: 1.2345 - accuracy: 0.5678 - val_loss: ... - 12.3s - 2,345 img/s}. */
    static String epochLine(EpochResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss: %.4f", r.loss()));
        if (!Double.isNaN(r.accuracy())) {
            sb.append(String.format(Locale.ROOT, " - accuracy: %.4f", r.accuracy()));
        }
        if (!Double.isNaN(r.valLoss())) {
            sb.append(String.format(Locale.ROOT, " - val_loss: %.4f", r.valLoss()));
        }
        if (!Double.isNaN(r.valAccuracy())) {
            sb.append(String.format(Locale.ROOT, " - val_accuracy: %.4f", r.valAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, " - %.1fs - %,.0f img/s", r.seconds(), r.imagesPerSecond()));
        return sb.toString();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
