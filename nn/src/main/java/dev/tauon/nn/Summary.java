package dev.tauon.nn;

import dev.tauon.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Keras-like table of a model's layers, output shapes and parameter counts; {@link #toString()}
 * renders it.
 *
 * <p>Output shapes are shown twice: as Keras prints them (channels last, {@code (None, 30, 30, 32)})
 * so they compare directly with a Keras model, and in Tauon's own NCHW order ({@code [N, 32, 30, 30]}),
 * which is what the tensors really are.
 *
 * <p>The counts follow Keras: "Trainable params" are the parameters that receive gradients;
 * "Non-trainable params" are the frozen parameters ({@code requiresGrad(false)}) and the buffers
 * (BatchNorm's running mean and variance); "Total params", and each row's "Param #", count both,
 * so a BatchNorm over 32 channels shows 128, as in Keras.
 *
 * @param title                  the model's name
 * @param inputShape             per-example input shape (NCHW, no batch)
 * @param rows                   one row per layer (top-level child)
 * @param trainableParameters    scalars in parameters that require grad
 * @param nonTrainableParameters scalars in frozen parameters and in buffers
 */
public record Summary(
        String title, int[] inputShape, List<Row> rows, long trainableParameters, long nonTrainableParameters) {

    /**
     * One layer.
     *
     * @param layer       the child's name and description, like {@code 0 Conv2D(32, 3x3, relu)}
     * @param outputShape per-example output shape (NCHW), or {@code null} when the container does
     *                    not pass shapes from one child to the next and so cannot say
     * @param parameters  the child's number of scalars in parameters and buffers, trainable or not
     */
    public record Row(String layer, int[] outputShape, long parameters) {}

    /** Copies the rows and the input shape, so the summary cannot change under its user. */
    public Summary {
        rows = List.copyOf(rows);
        inputShape = inputShape.clone();
    }

    /** Trainable plus non-trainable: every scalar of the model's state dict. */
    public long totalParameters() {
        return trainableParameters + nonTrainableParameters;
    }

    /** The summary of a built {@code module} for inputs of {@code inputShape}. */
    static Summary of(Module module, int[] inputShape) {
        List<Row> rows = new ArrayList<>();
        if (module instanceof Sequential) {
            int[] shape = inputShape;
            for (var e : module.children().entrySet()) {
                shape = e.getValue().outputShape(shape);
                rows.add(new Row(e.getKey() + " " + e.getValue().name(), shape, stateSize(e.getValue())));
            }
        } else if (module.children().isEmpty()) {
            rows.add(new Row(module.name(), module.outputShape(inputShape), stateSize(module)));
        } else {
            for (var e : module.children().entrySet()) {
                rows.add(new Row(e.getKey() + " " + e.getValue().name(), null, stateSize(e.getValue())));
            }
            rows.add(new Row("(output)", module.outputShape(inputShape), 0));
        }
        long trainable = 0;
        for (Tensor p : module.parameters().values()) {
            trainable += p.requiresGrad() ? p.size() : 0;
        }
        return new Summary(module.name(), inputShape, rows, trainable, stateSize(module) - trainable);
    }

    private static long stateSize(Module m) {
        return StateDicts.size(m.stateDict().values());
    }

    /** The shape as Keras prints it: batch as None, a C x H x W example as H, W, C. */
    public static String kerasShape(int[] nchw) {
        int[] s = nchw.length == 3 ? new int[] {nchw[1], nchw[2], nchw[0]} : nchw;
        StringBuilder sb = new StringBuilder("(None");
        for (int d : s) {
            sb.append(", ").append(d);
        }
        return sb.append(')').toString();
    }

    /** The shape in Tauon's order with the batch as N: {@code [N, 32, 30, 30]}. */
    public static String tauonShape(int[] nchw) {
        StringBuilder sb = new StringBuilder("[N");
        for (int d : nchw) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        String[] head = {"Layer", "Output shape (Keras)", "Tensor shape", "Param #"};
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(new String[] {
                r.layer(),
                r.outputShape() == null ? "?" : kerasShape(r.outputShape()),
                r.outputShape() == null ? "?" : tauonShape(r.outputShape()),
                String.format(Locale.ROOT, "%,d", r.parameters())
            });
        }
        int[] width = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            width[c] = head[c].length();
            for (String[] row : cells) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        int total = Arrays.stream(width).sum() + 2 * (head.length - 1) + 1;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ")
                .append(title)
                .append(", input ")
                .append(tauonShape(inputShape))
                .append(" = ")
                .append(kerasShape(inputShape))
                .append(" in Keras' order\n");
        sb.append("_".repeat(total)).append('\n');
        line(sb, head, width);
        sb.append("=".repeat(total)).append('\n');
        for (String[] row : cells) {
            line(sb, row, width);
        }
        sb.append("=".repeat(total)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d\n", totalParameters()));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d\n", trainableParameters));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d\n", nonTrainableParameters));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] row, int[] width) {
        sb.append(' ');
        for (int c = 0; c < row.length; c++) {
            boolean last = c == row.length - 1;
            String cell = last ? " ".repeat(width[c] - row[c].length()) + row[c] : row[c];
            sb.append(cell);
            if (!last) {
                sb.append(" ".repeat(width[c] - row[c].length() + 2));
            }
        }
        sb.append('\n');
    }
}
