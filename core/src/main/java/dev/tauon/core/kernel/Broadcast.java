package dev.tauon.core.kernel;

/**
 * Element-wise binary arithmetic with NumPy broadcasting on row-major arrays, and its adjoint:
 * summing a gradient back down to a broadcast input's shape.
 *
 * <p>Both walk the output with an odometer over all but the last dimension; an input that is
 * broadcast along a dimension has stride 0 there, so the same loop serves every case.
 */
public final class Broadcast {
    private Broadcast() {
    }

    /** The binary operators {@link #apply} knows. */
    public enum Op { ADD, SUB, MUL, DIV }

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
        int targetSize = 1;
        for (int d : targetShape) {
            targetSize *= d;
        }
        float[] out = new float[targetSize];
        if (targetSize == g.length) {
            System.arraycopy(g, 0, out, 0, g.length);
            return out;
        }
        int rank = gShape.length;
        int[] st = broadcastStrides(targetShape, gShape);
        int inner = rank == 0 ? 1 : gShape[rank - 1];
        int it = rank == 0 ? 0 : st[rank - 1];
        int[] idx = new int[rank];
        int off = 0;
        for (int o = 0; o < g.length; o += inner) {
            if (it == 0) {
                float s = 0;
                for (int j = 0; j < inner; j++) {
                    s += g[o + j];
                }
                out[off] += s;
            } else {
                for (int j = 0; j < inner; j++) {
                    out[off + j] += g[o + j];
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                off += st[d];
                if (++idx[d] < gShape[d]) {
                    break;
                }
                off -= st[d] * gShape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /**
     * {@code x} (shaped {@code shape}) repeated along the dimensions over which it is broadcast to
     * {@code outShape}, into a new array shaped {@code outShape}: the inverse direction of {@link #sumTo}.
     */
    public static float[] expand(float[] x, int[] shape, int[] outShape) {
        int n = 1;
        for (int d : outShape) {
            n *= d;
        }
        float[] out = new float[n];
        if (x.length == n) {
            System.arraycopy(x, 0, out, 0, n);
            return out;
        }
        int rank = outShape.length;
        int[] s = broadcastStrides(shape, outShape);
        int[] idx = new int[rank];
        int off = 0;
        for (int o = 0; o < n; o++) {
            out[o] = x[off];
            for (int d = rank - 1; d >= 0; d--) {
                off += s[d];
                if (++idx[d] < outShape[d]) {
                    break;
                }
                off -= s[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return out;
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
