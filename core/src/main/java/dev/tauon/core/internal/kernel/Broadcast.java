package dev.tauon.core.internal.kernel;

/**
 * Element-wise binary arithmetic with NumPy broadcasting on row-major arrays, and its adjoint:
 * summing a gradient back down to a broadcast input's shape.
 *
 * <p>Both walk the output with an odometer over all but the last dimension; an input that is
 * broadcast along a dimension has stride 0 there, so the same loop serves every case.
 */
public final class Broadcast {
    private Broadcast() {}

    /** The binary operators {@link #apply} knows. */
    public enum Op {
        ADD,
        SUB,
        MUL,
        DIV
    }

    /** {@code out = a op b}, where {@code outShape} is the broadcast of {@code aShape} and {@code bShape}. */
    public static void apply(Op op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape) {
        if (a.length == out.length && b.length == out.length) {
            applySame(op, a, b, out);
            return;
        }
        int rank = outShape.length;
        int[] sa = broadcastStrides(aShape, outShape);
        int[] sb = broadcastStrides(bShape, outShape);
        int inner = rank == 0 ? 1 : outShape[rank - 1];
        int ia = rank == 0 ? 0 : sa[rank - 1];
        int ib = rank == 0 ? 0 : sb[rank - 1];
        int[] idx = new int[rank];
        int offA = 0;
        int offB = 0;
        for (int o = 0; o < out.length; o += inner) {
            switch (op) {
                case ADD -> {
                    for (int j = 0; j < inner; j++) {
                        out[o + j] = a[offA + j * ia] + b[offB + j * ib];
                    }
                }
                case SUB -> {
                    for (int j = 0; j < inner; j++) {
                        out[o + j] = a[offA + j * ia] - b[offB + j * ib];
                    }
                }
                case MUL -> {
                    for (int j = 0; j < inner; j++) {
                        out[o + j] = a[offA + j * ia] * b[offB + j * ib];
                    }
                }
                case DIV -> {
                    for (int j = 0; j < inner; j++) {
                        out[o + j] = a[offA + j * ia] / b[offB + j * ib];
                    }
                }
            }
            // advance the odometer over the outer dimensions
            for (int d = rank - 2; d >= 0; d--) {
                offA += sa[d];
                offB += sb[d];
                if (++idx[d] < outShape[d]) {
                    break;
                }
                offA -= sa[d] * outShape[d];
                offB -= sb[d] * outShape[d];
                idx[d] = 0;
            }
        }
    }

    private static void applySame(Op op, float[] a, float[] b, float[] out) {
        int n = out.length;
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] + b[i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] - b[i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] * b[i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] / b[i];
                }
            }
        }
    }

    /**
     * Sums {@code g} (shaped {@code gShape}) over the dimensions along which {@code targetShape} was
     * broadcast, into a new array shaped {@code targetShape}.
     */
    public static float[] sumTo(float[] g, int[] gShape, int[] targetShape) {
        return reshaped(g, gShape, targetShape, true);
    }

    /**
     * {@code x} (shaped {@code shape}) repeated along the dimensions over which it is broadcast to
     * {@code outShape}, into a new array shaped {@code outShape}: the adjoint of {@link #sumTo}.
     */
    public static float[] expand(float[] x, int[] shape, int[] outShape) {
        return reshaped(x, shape, outShape, false);
    }

    /** {@code x} summed down to ({@code sum}) or expanded up to {@code toShape}, in a new array; a copy when no dimension is broadcast. */
    private static float[] reshaped(float[] x, int[] shape, int[] toShape, boolean sum) {
        int n = 1;
        for (int d : toShape) {
            n *= d;
        }
        float[] out = new float[n];
        if (n == x.length) {
            System.arraycopy(x, 0, out, 0, n);
        } else if (sum) {
            walkRows(x, shape, out, toShape, true);
        } else {
            walkRows(out, toShape, x, shape, false);
        }
        return out;
    }

    /**
     * Walks {@code big} row by row (a row runs along its last dimension) beside {@code small}, which
     * broadcasts to it: adds each row into {@code small} ({@code sum}), or fills it from {@code small}.
     */
    private static void walkRows(float[] big, int[] bigShape, float[] small, int[] smallShape, boolean sum) {
        int rank = bigShape.length;
        int[] st = broadcastStrides(smallShape, bigShape);
        int inner = rank == 0 ? 1 : bigShape[rank - 1];
        int it = rank == 0 ? 0 : st[rank - 1];
        int[] idx = new int[rank];
        int off = 0;
        for (int o = 0; o < big.length; o += inner) {
            if (!sum) {
                for (int j = 0; j < inner; j++) {
                    big[o + j] = small[off + j * it];
                }
            } else if (it == 0) {
                float s = 0;
                for (int j = 0; j < inner; j++) {
                    s += big[o + j];
                }
                small[off] += s;
            } else {
                for (int j = 0; j < inner; j++) {
                    small[off + j] += big[o + j];
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                off += st[d];
                if (++idx[d] < bigShape[d]) {
                    break;
                }
                off -= st[d] * bigShape[d];
                idx[d] = 0;
            }
        }
    }

    /** Strides of {@code shape} aligned right against {@code outShape}, 0 where it is broadcast. */
    static int[] broadcastStrides(int[] shape, int[] outShape) {
        int rank = outShape.length;
        int[] s = new int[rank];
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int j = i - (rank - shape.length);
            int d = j >= 0 ? shape[j] : 1;
            s[i] = d == 1 && outShape[i] != 1 ? 0 : acc;
            acc *= d;
        }
        return s;
    }
}
