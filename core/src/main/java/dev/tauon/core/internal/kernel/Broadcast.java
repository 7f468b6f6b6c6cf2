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

    /**
     * Rows (runs along the last dimension) per parallel chunk at least, so that a chunk is some
     * thousands of elements even for a 3-wide last dimension.
     */
    private static final int MIN_ROWS = 64;

    /**
     * {@code out = a op b}, where {@code outShape} is the broadcast of {@code aShape} and {@code
     * bShape}. Each output element is computed on its own, so the rows are split between the kernel
     * threads (a batch-normalised activation's sub, mul and add ran on one thread).
     */
    public static void apply(Op op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape) {
        if (a.length == out.length && b.length == out.length) {
            Parallel.forRange(out.length, MIN_ROWS * 16, out.length, (i0, i1) -> applySame(op, a, b, out, i0, i1));
            return;
        }
        int rank = outShape.length;
        int inner = rank == 0 ? 1 : outShape[rank - 1];
        if (inner == 0 || out.length == 0) {
            return;
        }
        int[][] walk = collapse(outShape, broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape));
        int[] shape = walk[0];
        int[] sa = walk[1];
        int[] sb = walk[2];
        int rows = out.length / shape[shape.length - 1];
        Parallel.forRange(rows, MIN_ROWS, out.length, (r0, r1) -> applyRows(op, a, sa, b, sb, out, shape, r0, r1));
    }

    /**
     * {@code shape} with the adjacent dimensions that both operands walk alike merged into one (each
     * operand's stride over the outer one is its stride over the inner one times the inner size:
     * contiguous across both, or 0 across both), and the two operands' strides to match; dimensions
     * of size 1 are dropped. A per-channel operand of [N, C, H, W] then runs along rows of H*W
     * instead of W. At least one dimension remains.
     */
    private static int[][] collapse(int[] shape, int[] s1, int[] s2) {
        int rank = shape.length;
        int[] size = new int[Math.max(1, rank)];
        int[] t1 = new int[size.length];
        int[] t2 = new int[size.length];
        int kept = 0; // merged dimensions, the innermost at index 0
        size[0] = 1;
        for (int d = rank - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            if (kept > 0 && s1[d] == t1[kept - 1] * size[kept - 1] && s2[d] == t2[kept - 1] * size[kept - 1]) {
                size[kept - 1] *= shape[d];
                continue;
            }
            size[kept] = shape[d];
            t1[kept] = s1[d];
            t2[kept] = s2[d];
            kept++;
        }
        kept = Math.max(kept, 1);
        int[][] result = new int[3][kept];
        for (int i = 0; i < kept; i++) { // back to outermost first
            result[0][i] = size[kept - 1 - i];
            result[1][i] = t1[kept - 1 - i];
            result[2][i] = t2[kept - 1 - i];
        }
        return result;
    }

    /** {@link #apply} for rows {@code [r0, r1)} of the output. */
    private static void applyRows(
            Op op, float[] a, int[] sa, float[] b, int[] sb, float[] out, int[] outShape, int r0, int r1) {
        int rank = outShape.length;
        int inner = rank == 0 ? 1 : outShape[rank - 1];
        int ia = rank == 0 ? 0 : sa[rank - 1];
        int ib = rank == 0 ? 0 : sb[rank - 1];
        int[] idx = rowIndex(r0, outShape);
        int offA = offset(idx, sa);
        int offB = offset(idx, sb);
        for (int o = r0 * inner, end = r1 * inner; o < end; o += inner) {
            if (ia == 1 && ib == 0) {
                rowWithScalar(op, a, offA, b[offB], false, out, o, inner);
            } else if (ia == 0 && ib == 1) {
                rowWithScalar(op, b, offB, a[offA], true, out, o, inner);
            } else {
                rowStrided(op, a, offA, ia, b, offB, ib, out, o, inner);
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

    /**
     * One row where one operand is a contiguous run {@code v[off ...]} and the other the scalar
     * {@code s}: {@code v op s}, or {@code s op v} when {@code scalarFirst}. Loops C2 vectorises.
     */
    private static void rowWithScalar(
            Op op, float[] v, int off, float s, boolean scalarFirst, float[] out, int o, int n) {
        switch (op) {
            case ADD -> { // commutative: the same bits in either order
                for (int j = 0; j < n; j++) {
                    out[o + j] = v[off + j] + s;
                }
            }
            case SUB -> {
                if (scalarFirst) {
                    for (int j = 0; j < n; j++) {
                        out[o + j] = s - v[off + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        out[o + j] = v[off + j] - s;
                    }
                }
            }
            case MUL -> {
                for (int j = 0; j < n; j++) {
                    out[o + j] = v[off + j] * s;
                }
            }
            case DIV -> {
                if (scalarFirst) {
                    for (int j = 0; j < n; j++) {
                        out[o + j] = s / v[off + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        out[o + j] = v[off + j] / s;
                    }
                }
            }
        }
    }

    /** One row of {@code a op b} with the operands at strides {@code ia} and {@code ib}. */
    private static void rowStrided(
            Op op, float[] a, int offA, int ia, float[] b, int offB, int ib, float[] out, int o, int n) {
        switch (op) {
            case ADD -> {
                for (int j = 0; j < n; j++) {
                    out[o + j] = a[offA + j * ia] + b[offB + j * ib];
                }
            }
            case SUB -> {
                for (int j = 0; j < n; j++) {
                    out[o + j] = a[offA + j * ia] - b[offB + j * ib];
                }
            }
            case MUL -> {
                for (int j = 0; j < n; j++) {
                    out[o + j] = a[offA + j * ia] * b[offB + j * ib];
                }
            }
            case DIV -> {
                for (int j = 0; j < n; j++) {
                    out[o + j] = a[offA + j * ia] / b[offB + j * ib];
                }
            }
        }
    }

    private static void applySame(Op op, float[] a, float[] b, float[] out, int from, int to) {
        switch (op) {
            case ADD -> {
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + b[i];
                }
            }
            case SUB -> {
                for (int i = from; i < to; i++) {
                    out[i] = a[i] - b[i];
                }
            }
            case MUL -> {
                for (int i = from; i < to; i++) {
                    out[i] = a[i] * b[i];
                }
            }
            case DIV -> {
                for (int i = from; i < to; i++) {
                    out[i] = a[i] / b[i];
                }
            }
        }
    }

    /** The odometer (index over all but the last dimension of {@code shape}) of row {@code row}. */
    private static int[] rowIndex(int row, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 2; d >= 0; d--) {
            idx[d] = row % shape[d];
            row /= shape[d];
        }
        return idx;
    }

    /** Where the row at odometer {@code idx} starts in an array with {@code strides}. */
    private static int offset(int[] idx, int[] strides) {
        int off = 0;
        for (int d = 0; d < idx.length - 1; d++) {
            off += idx[d] * strides[d];
        }
        return off;
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
     * Filling splits the rows between the kernel threads. Summing keeps every element of {@code
     * small} taking its rows in increasing order, as one thread would: it splits on the outermost
     * dimension along which {@code small} is not broadcast (the channels, for a per-channel sum of
     * an NCHW gradient), so that each thread owns its elements of {@code small} and visits their rows
     * in order; with no such dimension it runs on the calling thread.
     */
    private static void walkRows(float[] big, int[] bigShape, float[] small, int[] smallShape, boolean sum) {
        int rank = bigShape.length;
        int inner = rank == 0 ? 1 : bigShape[rank - 1];
        if (inner == 0 || big.length == 0) {
            return;
        }
        int[] st = broadcastStrides(smallShape, bigShape);
        int rows = big.length / inner;
        if (!sum) {
            Parallel.forRange(
                    rows, MIN_ROWS, big.length, (r0, r1) -> walkRows(big, bigShape, small, st, false, r0, r1));
            return;
        }
        int split = -1;
        for (int d = 0; d < rank - 1 && split < 0; d++) {
            if (st[d] != 0 && bigShape[d] > 1) {
                split = d;
            }
        }
        if (split < 0) {
            walkRows(big, bigShape, small, st, true, 0, rows);
            return;
        }
        int blocks = leadingProduct(bigShape, split); // runs of the split dimension
        int dim = bigShape[split];
        int after = rows / blocks / dim; // rows per index of the split dimension
        Parallel.forRange(dim, 1, big.length, (d0, d1) -> {
            for (int block = 0; block < blocks; block++) {
                int r0 = (block * dim + d0) * after;
                walkRows(big, bigShape, small, st, true, r0, r0 + (d1 - d0) * after);
            }
        });
    }

    /** The product of {@code shape}'s first {@code count} dimensions. */
    private static int leadingProduct(int[] shape, int count) {
        int p = 1;
        for (int d = 0; d < count; d++) {
            p *= shape[d];
        }
        return p;
    }

    /** {@link #walkRows} over rows {@code [r0, r1)} of {@code big}, on the calling thread. */
    private static void walkRows(float[] big, int[] bigShape, float[] small, int[] st, boolean sum, int r0, int r1) {
        int rank = bigShape.length;
        int inner = rank == 0 ? 1 : bigShape[rank - 1];
        int it = rank == 0 ? 0 : st[rank - 1];
        int[] idx = rowIndex(r0, bigShape);
        int off = offset(idx, st);
        for (int o = r0 * inner, end = r1 * inner; o < end; o += inner) {
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
