package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.ShiftedRowsKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShiftedRowsKernel} with 16-lane vectors (AVX-512): the two filters' nine weights each
 * broadcast into 18 registers, then a walk down the input rows; each input row is loaded once per
 * kernel column (three vectors) and goes into the three output rows that read it (kernel rows 0, 1
 * and 2 into output rows i, i - 1 and i - 2), whose sums stay in registers as a window that moves
 * down one row a step: 18 FMAs for three input loads, two loads of partial sums (none for the first
 * channel) and two stores; the last channel's walk adds the bias and applies ReLU as it stores. The
 * loop has no branch: rows outside the output (-2, -1, rows, rows + 1) are sums whose loads and
 * stores fall on rows of the output that the walk reads before, or writes after (see {@link
 * #continueRows}). Each sum takes its terms in the order the interface gives, so the same bits as
 * every other forward path. Casts to the exact vector class as in {@link EightRowTiles}.
 */
final class VectorShiftedRowsKernel implements ShiftedRowsKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;

    /** A vector's worth of +0: where the first channel's sums start. */
    private static final float[] ZEROS = new float[LANES];

    static final VectorShiftedRowsKernel INSTANCE = new VectorShiftedRowsKernel();

    private VectorShiftedRowsKernel() {}

    /** Whether the preferred vectors have 16 lanes: the 24 live vectors need AVX-512's 32 registers. */
    static boolean suits() {
        return S.length() == LANES;
    }

    @Override
    public void accumulate(
            float[] w,
            int wA,
            int wB,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            int col,
            float[] out,
            int oA,
            int oB,
            int width,
            boolean first) {
        if (first) {
            startRows(w, wA, wB, x, xAt, xRow, rows, col, out, oA, oB, width);
        } else {
            continueRows(w, wA, wB, x, xAt, xRow, rows, col, out, oA, oB, width, false, 0f, 0f, false);
        }
    }

    /** The first channel: sums from +0; steps 0 and 1 store at row 0 as {@link #continueRows} does. */
    private static void startRows(
            float[] w,
            int wA,
            int wB,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            int col,
            float[] out,
            int oA,
            int oB,
            int width) {
        FloatVector w00 = EXACT.cast(FloatVector.broadcast(S, w[wA]));
        FloatVector w01 = EXACT.cast(FloatVector.broadcast(S, w[wA + 1]));
        FloatVector w02 = EXACT.cast(FloatVector.broadcast(S, w[wA + 2]));
        FloatVector w03 = EXACT.cast(FloatVector.broadcast(S, w[wA + 3]));
        FloatVector w04 = EXACT.cast(FloatVector.broadcast(S, w[wA + 4]));
        FloatVector w05 = EXACT.cast(FloatVector.broadcast(S, w[wA + 5]));
        FloatVector w06 = EXACT.cast(FloatVector.broadcast(S, w[wA + 6]));
        FloatVector w07 = EXACT.cast(FloatVector.broadcast(S, w[wA + 7]));
        FloatVector w08 = EXACT.cast(FloatVector.broadcast(S, w[wA + 8]));
        FloatVector w10 = EXACT.cast(FloatVector.broadcast(S, w[wB]));
        FloatVector w11 = EXACT.cast(FloatVector.broadcast(S, w[wB + 1]));
        FloatVector w12 = EXACT.cast(FloatVector.broadcast(S, w[wB + 2]));
        FloatVector w13 = EXACT.cast(FloatVector.broadcast(S, w[wB + 3]));
        FloatVector w14 = EXACT.cast(FloatVector.broadcast(S, w[wB + 4]));
        FloatVector w15 = EXACT.cast(FloatVector.broadcast(S, w[wB + 5]));
        FloatVector w16 = EXACT.cast(FloatVector.broadcast(S, w[wB + 6]));
        FloatVector w17 = EXACT.cast(FloatVector.broadcast(S, w[wB + 7]));
        FloatVector w18 = EXACT.cast(FloatVector.broadcast(S, w[wB + 8]));
        // Sums of output rows i (kernel row 0), i - 1 (kernel row 1) and i - 2 (kernel row 2), per filter.
        FloatVector q0 = EXACT.cast(FloatVector.fromArray(S, ZEROS, 0));
        FloatVector q1 = q0;
        FloatVector r0 = q0;
        FloatVector r1 = q0;
        FloatVector zero = q0;
        for (int i = 0, row = xAt + col, at = col; i < rows + 2; i++, row += xRow, at += width) {
            FloatVector p0 = q0;
            FloatVector p1 = q1;
            q0 = r0;
            q1 = r1;
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row));
            r0 = in0.fma(w00, zero);
            r1 = in0.fma(w10, zero);
            q0 = in0.fma(w03, q0);
            q1 = in0.fma(w13, q1);
            p0 = in0.fma(w06, p0);
            p1 = in0.fma(w16, p1);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row + 1));
            r0 = in1.fma(w01, r0);
            r1 = in1.fma(w11, r1);
            q0 = in1.fma(w04, q0);
            q1 = in1.fma(w14, q1);
            p0 = in1.fma(w07, p0);
            p1 = in1.fma(w17, p1);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row + 2));
            r0 = in2.fma(w02, r0);
            r1 = in2.fma(w12, r1);
            q0 = in2.fma(w05, q0);
            q1 = in2.fma(w15, q1);
            p0 = in2.fma(w08, p0);
            p1 = in2.fma(w18, p1);
            // Steps 0 and 1 store the window's rows -2 and -1 at row 0, which step 2 overwrites.
            int to = Math.max(at - 2 * width, col);
            EXACT.cast(p0).intoArray(out, oA + to);
            EXACT.cast(p1).intoArray(out, oB + to);
        }
    }

    /**
     * A later channel: sums from the values in {@code out}, stored finished (bias when {@code
     * hasBias}, then ReLU when {@code relu}, as {@link #finish} applies them) when this is the last
     * channel: one pass over the block where two were (docs/performance.md, twenty-first round). A
     * copy of {@link #startRows}' walk with the loads and the finish added: one method for both (the
     * first channel's sums loaded from {@link #ZEROS} through masked offsets) ran slower, and vectors
     * passed to a shared helper are boxed. Rows past the output load the last row, sums that are
     * never stored; steps 0 and 1 store the window's rows -2 and -1 at row 0, which step 2
     * overwrites: no branch in the loop.
     */
    private static void continueRows(
            float[] w,
            int wA,
            int wB,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            int col,
            float[] out,
            int oA,
            int oB,
            int width,
            boolean hasBias,
            float biasA,
            float biasB,
            boolean relu) {
        FloatVector zeroV = EXACT.cast(FloatVector.zero(S));
        FloatVector ba = EXACT.cast(FloatVector.broadcast(S, hasBias ? biasA : 0f));
        FloatVector bb = EXACT.cast(FloatVector.broadcast(S, hasBias ? biasB : 0f));
        FloatVector w00 = EXACT.cast(FloatVector.broadcast(S, w[wA]));
        FloatVector w01 = EXACT.cast(FloatVector.broadcast(S, w[wA + 1]));
        FloatVector w02 = EXACT.cast(FloatVector.broadcast(S, w[wA + 2]));
        FloatVector w03 = EXACT.cast(FloatVector.broadcast(S, w[wA + 3]));
        FloatVector w04 = EXACT.cast(FloatVector.broadcast(S, w[wA + 4]));
        FloatVector w05 = EXACT.cast(FloatVector.broadcast(S, w[wA + 5]));
        FloatVector w06 = EXACT.cast(FloatVector.broadcast(S, w[wA + 6]));
        FloatVector w07 = EXACT.cast(FloatVector.broadcast(S, w[wA + 7]));
        FloatVector w08 = EXACT.cast(FloatVector.broadcast(S, w[wA + 8]));
        FloatVector w10 = EXACT.cast(FloatVector.broadcast(S, w[wB]));
        FloatVector w11 = EXACT.cast(FloatVector.broadcast(S, w[wB + 1]));
        FloatVector w12 = EXACT.cast(FloatVector.broadcast(S, w[wB + 2]));
        FloatVector w13 = EXACT.cast(FloatVector.broadcast(S, w[wB + 3]));
        FloatVector w14 = EXACT.cast(FloatVector.broadcast(S, w[wB + 4]));
        FloatVector w15 = EXACT.cast(FloatVector.broadcast(S, w[wB + 5]));
        FloatVector w16 = EXACT.cast(FloatVector.broadcast(S, w[wB + 6]));
        FloatVector w17 = EXACT.cast(FloatVector.broadcast(S, w[wB + 7]));
        FloatVector w18 = EXACT.cast(FloatVector.broadcast(S, w[wB + 8]));
        // Sums of output rows i (kernel row 0), i - 1 (kernel row 1) and i - 2 (kernel row 2), per filter.
        FloatVector q0 = EXACT.cast(FloatVector.fromArray(S, ZEROS, 0));
        FloatVector q1 = q0;
        FloatVector r0 = q0;
        FloatVector r1 = q0;
        int lastRow = (rows - 1) * width;
        for (int i = 0, row = xAt + col, at = col; i < rows + 2; i++, row += xRow, at += width) {
            FloatVector p0 = q0;
            FloatVector p1 = q1;
            q0 = r0;
            q1 = r1;
            // Rows past the output load the last row: sums that are never stored.
            int from = Math.min(at, col + lastRow);
            r0 = EXACT.cast(FloatVector.fromArray(S, out, oA + from));
            r1 = EXACT.cast(FloatVector.fromArray(S, out, oB + from));
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row));
            r0 = in0.fma(w00, r0);
            r1 = in0.fma(w10, r1);
            q0 = in0.fma(w03, q0);
            q1 = in0.fma(w13, q1);
            p0 = in0.fma(w06, p0);
            p1 = in0.fma(w16, p1);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row + 1));
            r0 = in1.fma(w01, r0);
            r1 = in1.fma(w11, r1);
            q0 = in1.fma(w04, q0);
            q1 = in1.fma(w14, q1);
            p0 = in1.fma(w07, p0);
            p1 = in1.fma(w17, p1);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row + 2));
            r0 = in2.fma(w02, r0);
            r1 = in2.fma(w12, r1);
            q0 = in2.fma(w05, q0);
            q1 = in2.fma(w15, q1);
            p0 = in2.fma(w08, p0);
            p1 = in2.fma(w18, p1);
            // Steps 0 and 1 store the window's rows -2 and -1 at row 0, which step 2 overwrites.
            int to = Math.max(at - 2 * width, col);
            if (hasBias) {
                p0 = EXACT.cast(p0.add(ba));
                p1 = EXACT.cast(p1.add(bb));
            }
            if (relu) {
                p0 = EXACT.cast(p0.max(zeroV));
                p1 = EXACT.cast(p1.max(zeroV));
            }
            EXACT.cast(p0).intoArray(out, oA + to);
            EXACT.cast(p1).intoArray(out, oB + to);
        }
    }

    @Override
    public void accumulateAndFinish(
            float[] w,
            int wA,
            int wB,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            int col,
            float[] out,
            int oA,
            int oB,
            int width,
            boolean hasBias,
            float biasA,
            float biasB,
            boolean relu) {
        continueRows(w, wA, wB, x, xAt, xRow, rows, col, out, oA, oB, width, hasBias, biasA, biasB, relu);
    }

    @Override
    public void finish(
            float[] out,
            int oA,
            int oB,
            int width,
            int rows,
            int col,
            boolean hasBias,
            float biasA,
            float biasB,
            boolean relu) {
        FloatVector zero = EXACT.cast(FloatVector.zero(S));
        FloatVector a = EXACT.cast(FloatVector.broadcast(S, biasA));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, biasB));
        for (int r = 0, at = col; r < rows; r++, at += width) {
            FloatVector va = EXACT.cast(FloatVector.fromArray(S, out, oA + at));
            FloatVector vb = EXACT.cast(FloatVector.fromArray(S, out, oB + at));
            if (hasBias) {
                va = EXACT.cast(va.add(a));
                vb = EXACT.cast(vb.add(b));
            }
            if (relu) {
                va = EXACT.cast(va.max(zero));
                vb = EXACT.cast(vb.max(zero));
            }
            EXACT.cast(va).intoArray(out, oA + at);
            EXACT.cast(vb).intoArray(out, oB + at);
        }
    }
}
