package dev.tauon.core.internal.kernel;

/**
 * A quantised layer's int8 weight rows, prepared once per model for {@link Int8Conv2d} and
 * {@link Int8Dense}: one row of {@code k} values per output channel, held as integer-valued floats
 * so that the float GEMM's FMAs compute the int8 products exactly (see {@link Int8Gemm#EXACT_K}),
 * with the layer's {@code int} bias and per-channel output scale.
 */
public final class Int8Weights {
    final int outputs;
    final int k;
    final float[] values;
    final int[] bias;
    final float[] scale;
    /** {@link #values} transposed, {@code [k, outputs]}, built on first use (by a dense layer). */
    private volatile float[] columns;
    /** Outputs are at least this: 0 with a fused ReLU, else negative infinity (no bound). */
    final float floor;

    private Int8Weights(int outputs, int k, float[] values, int[] bias, float[] scale, float floor) {
        this.outputs = outputs;
        this.k = k;
        this.values = values;
        this.bias = bias;
        this.scale = scale;
        this.floor = floor;
    }

    /**
     * Weights from {@code outputs} int8 rows of {@code k} values, {@code ldw} bytes apart in
     * {@code rows}, with a bias per output (int, at the products' scale; may be null) and a scale per
     * output; all are copied. With {@code relu} the layer's ReLU is fused into the rescale:
     * outputs are {@code Math.max(v, 0f)}, as the float activation computes them.
     *
     * @throws IllegalArgumentException if an array is too short, {@code ldw < k}, or {@code k} is
     *     outside 0 to {@link Int8Gemm#MAX_K}
     */
    public static Int8Weights of(byte[] rows, int ldw, int outputs, int k, int[] bias, float[] scale, boolean relu) {
        String kernel = "Int8Weights.of";
        String shape = "outputs=" + outputs + " k=" + k + " ldw=" + ldw;
        if (outputs < 1) {
            throw new IllegalArgumentException(kernel + ": outputs must be >= 1: " + shape);
        }
        Int8Gemm.checkK(kernel, k);
        checkRows(kernel, rows, ldw, k, outputs, bias, scale, shape);
        float[] values = new float[outputs * k];
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < k; i++) {
                values[o * k + i] = rows[o * ldw + i];
            }
        }
        return new Int8Weights(
                outputs,
                k,
                values,
                bias == null ? null : bias.clone(),
                scale.clone(),
                relu ? 0f : Float.NEGATIVE_INFINITY);
    }

    /**
     * The values transposed, {@code [k, outputs]}: the layout the GEMM packs fastest as its B
     * operand, which a dense layer needs (the float Dense layer stores its weight so too). Threads
     * that race here build equal arrays.
     */
    float[] columns() {
        float[] t = columns;
        if (t == null) {
            t = new float[values.length];
            for (int o = 0; o < outputs; o++) {
                for (int i = 0; i < k; i++) {
                    t[i * outputs + o] = values[o * k + i];
                }
            }
            columns = t;
        }
        return t;
    }

    /** Output channels (rows). */
    public int outputs() {
        return outputs;
    }

    /** Values per row: the sum length of each output. */
    public int k() {
        return k;
    }

    /** Checks a layer's weight rows and its per-row bias and scale. */
    static void checkRows(String kernel, byte[] w, int ldw, int k, int rows, int[] bias, float[] scale, Object shape) {
        if (ldw < k) {
            throw new IllegalArgumentException(
                    kernel + ": weight row stride " + ldw + " is shorter than a row, " + k + ": " + shape);
        }
        Checks.length(kernel, "w", w, (long) rows * ldw, shape);
        Checks.length(kernel, "scale", scale, rows, shape);
        if (bias != null) {
            Checks.length(kernel, "bias", bias, rows, shape);
        }
    }

    /**
     * One output from its int sum: {@code max((sum + bias[channel]) * scale[channel], floor)}, the sum
     * and bias added in {@code int} and the product rounded once, to float.
     */
    float rescale(int channel, int sum) {
        return Math.max((sum + bias(channel)) * scale[channel], floor);
    }

    /** The bias of one output channel, 0 without a bias. */
    int bias(int channel) {
        return bias == null ? 0 : bias[channel];
    }

    /** {@link #rescale(int, int)} of {@code length} int sums. */
    void rescale(int channel, int[] sums, int sumOff, float[] out, int outOff, int length) {
        for (int i = 0; i < length; i++) {
            out[outOff + i] = rescale(channel, sums[sumOff + i]);
        }
    }
}
