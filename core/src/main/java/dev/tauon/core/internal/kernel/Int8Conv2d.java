package dev.tauon.core.internal.kernel;

/**
 * Quantised 2-D convolution on int8 inputs and weights with exact integer sums ({@link Int8Gemm}),
 * rescaled once per output to float.
 *
 * <p>It runs as the float convolution does ({@link Conv2dKernels#forward}): each task takes one image
 * or a group of small images, quantises them into int8 levels held as floats (so the quantisation is
 * fused with the lowering, on data still in cache), lowers them with {@link Im2col}, multiplies by
 * the weights with the float GEMM, which is exact on these integers, and rescales while scattering
 * the sums into NCHW order. Padding is the level 0, which is the real value 0 of a symmetric
 * quantisation.
 */
public final class Int8Conv2d {

    private static final ThreadLocal<int[][]> WIDE = ThreadLocal.withInitial(() -> new int[1][0]);

    /** Where a task's int8 input levels come from: {@code length} of them from element {@code from}. */
    @FunctionalInterface
    interface Levels {
        void load(int from, int length, float[] dst, int dstOff);
    }

    private Int8Conv2d() {}

    /**
     * {@code out[b, oc, y, x] = (sum of q(x) * w over the window + bias[oc]) * scale[oc]}, where
     * {@code q(x)} is {@code x} (float NCHW) quantised with {@code inputScale} as
     * {@link Int8Quantize#quantize} does; out (overwritten) float NCHW {@code [n, o, outH, outW]}.
     *
     * @throws IllegalArgumentException if the weights do not fit the shape, an array is too short, or
     *     the scale is not positive and finite
     */
    public static void forward(float[] x, float inputScale, Int8Weights w, float[] out, ConvShape s) {
        forward(SimdSupport.active(), x, inputScale, w, out, s);
    }

    static void forward(FloatOps ops, float[] x, float inputScale, Int8Weights w, float[] out, ConvShape s) {
        s.check("Int8Conv2d.forward");
        Int8Quantize.checkScale("Int8Conv2d.forward", inputScale);
        Checks.length("Int8Conv2d.forward", "x", x, (long) s.n() * s.c() * s.h() * s.w(), s);
        forward(
                ops,
                (from, length, dst, dstOff) -> ops.int8Levels(x, from, length, inputScale, dst, dstOff),
                w,
                out,
                s);
    }

    /**
     * The same from int8 inputs: x int8 NCHW, w {@code [o, ldw]} ({@code ldw >= c*kh*kw}), bias
     * (int, at the scale of the products; may be null) and scale per output channel.
     */
    public static void forward(byte[] x, byte[] w, int ldw, int[] bias, float[] scale, float[] out, ConvShape s) {
        forward(SimdSupport.active(), x, w, ldw, bias, scale, out, s);
    }

    static void forward(
            FloatOps ops, byte[] x, byte[] w, int ldw, int[] bias, float[] scale, float[] out, ConvShape s) {
        String kernel = "Int8Conv2d.forward";
        s.check(kernel);
        Int8Weights.checkRows(kernel, w, ldw, s.patch(), s.o(), bias, scale, s);
        Checks.length(kernel, "x", x, (long) s.n() * s.c() * s.h() * s.w(), s);
        Int8Weights weights = Int8Weights.of(w, ldw, s.o(), s.patch(), bias, scale, false);
        forward(
                ops,
                (from, length, dst, dstOff) -> {
                    for (int i = 0; i < length; i++) {
                        dst[dstOff + i] = x[from + i];
                    }
                },
                weights,
                out,
                s);
    }

    private static void forward(FloatOps ops, Levels x, Int8Weights w, float[] out, ConvShape s) {
        String kernel = "Int8Conv2d.forward";
        s.check(kernel);
        int k = s.patch();
        int p = s.pixels();
        int o = s.o();
        if (w.outputs != o || w.k != k) {
            throw new IllegalArgumentException(kernel + ": weights of " + w.outputs + " rows of " + w.k + " do not fit "
                    + o + " outputs of " + k + " taps: " + s);
        }
        Checks.length(kernel, "out", out, (long) s.n() * o * p, s);
        int image = s.c() * s.h() * s.w();
        int group = Conv2dKernels.imagesPerGemm(s);
        if ((long) k * group * p > Integer.MAX_VALUE || (long) group * image > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(kernel + ": one image lowers to " + (long) p * k + " values: " + s);
        }
        Conv2dKernels.forEachImageGroup(s, group, (long) s.n() * o * p * k, (g0, count) -> {
            int cols = count * p;
            float[] levels = Scratch.floats(Scratch.LEVELS, count * image);
            x.load(g0 * image, count * image, levels, 0);
            float[] col = Scratch.floats(Scratch.COLUMNS, k * cols);
            for (int i = 0; i < count; i++) {
                Im2col.lower(levels, i * image, s, col, i * p, cols);
            }
            float[] sums = Scratch.floats(Scratch.GATHERED, o * cols);
            int[] wide = k > Int8Gemm.EXACT_K ? ints(o * cols) : null;
            Int8Gemm.product(ops, false, o, cols, k, w.values, 0, k, col, 0, cols, sums, wide);
            for (int i = 0; i < count; i++) {
                for (int oc = 0; oc < o; oc++) {
                    int from = oc * cols + i * p;
                    int to = ((g0 + i) * o + oc) * p;
                    if (wide == null) {
                        ops.int8Rescale(sums, from, w.bias(oc), w.scale[oc], w.floor, out, to, p);
                    } else {
                        w.rescale(oc, wide, from, out, to, p);
                    }
                }
            }
        });
    }

    private static int[] ints(int size) {
        int[][] holder = WIDE.get();
        if (holder[0].length < size) {
            holder[0] = new int[size];
        }
        return holder[0];
    }
}
