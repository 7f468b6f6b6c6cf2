package dev.tauon.nn.predict;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import java.util.Arrays;

/**
 * The checks a predictor makes on what it is asked to predict, before any kernel runs: the shape
 * (a batch of examples of the model's input shape) and finite values. A NaN or an infinity in an
 * input comes from a broken client or decoder, and would come back as a confident-looking NaN
 * probability, so it is refused with the row and element named.
 */
final class Inputs {
    private Inputs() {}

    /** Fails unless {@code batch} is {@code [N, inputShape...]} with N >= 1 and finite values. */
    static void checkBatch(Tensor batch, int[] inputShape) {
        if (batch == null) {
            throw new IllegalArgumentException("Predictor: the input batch is null");
        }
        int[] s = batch.shape();
        if (s.length != inputShape.length + 1 || !Arrays.equals(s, 1, s.length, inputShape, 0, inputShape.length)) {
            String hint = Arrays.equals(s, inputShape)
                    ? " (one example without its batch dimension: reshape it to [1, ...]"
                            + " or pass it as a float[] row)"
                    : "";
            throw new IllegalArgumentException(
                    "Predictor: input has shape " + Shapes.str(s) + ", expected " + batchShape(inputShape) + hint);
        }
        if (s[0] == 0) {
            throw new IllegalArgumentException("Predictor: input " + Shapes.str(s) + " has no examples");
        }
        int exampleSize = Shapes.size(inputShape);
        float[] data = batch.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw nonFinite("example", i / exampleSize, s[0], data[i], i % exampleSize, inputShape);
            }
        }
    }

    /** The rows as one {@code [N, inputShape...]} batch, each checked for its length and finite values. */
    static Tensor stack(float[][] rows, int[] inputShape) {
        if (rows == null) {
            throw new IllegalArgumentException("Predictor: the rows are null");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("Predictor: no rows to predict");
        }
        int[] shape = new int[inputShape.length + 1];
        shape[0] = rows.length;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        int exampleSize = Shapes.size(inputShape);
        float[] data = new float[Shapes.size(shape)];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            if (row == null) {
                throw new IllegalArgumentException("Predictor: row " + r + " of " + rows.length + " is null");
            }
            if (row.length != exampleSize) {
                throw new IllegalArgumentException("Predictor: row " + r + " of " + rows.length + " has " + row.length
                        + " values, expected " + exampleSize + " (one " + Shapes.str(inputShape)
                        + " example, flattened in row-major NCHW order)");
            }
            for (int i = 0; i < exampleSize; i++) {
                if (!Float.isFinite(row[i])) {
                    throw nonFinite("row", r, rows.length, row[i], i, inputShape);
                }
            }
            System.arraycopy(row, 0, data, r * exampleSize, exampleSize);
        }
        return Tensor.wrap(data, shape);
    }

    static String batchShape(int[] inputShape) {
        String s = Shapes.str(inputShape);
        return "[N" + (inputShape.length == 0 ? "" : ", ") + s.substring(1);
    }

    private static IllegalArgumentException nonFinite(
            String what, int index, int count, float value, int element, int[] inputShape) {
        return new IllegalArgumentException("Predictor: " + what + " " + index + " of " + count + " has " + value
                + " at index " + Shapes.str(unravel(element, inputShape)) + " of its " + Shapes.str(inputShape)
                + " values (element " + element + " in row-major order); inputs must be finite");
    }

    /** The index within {@code shape} of row-major position {@code flat}. */
    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
