package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.RowDotKernel;
import dev.tauon.core.internal.kernel.RowVectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowDotKernel} with the Vector API: a block of filters by one channel's nine taps walks down
 * the input rows; each input row is loaded once per kernel column (three vectors) and multiplies the
 * gradient vectors of the three output rows that read it, which stay in registers as a window that
 * moves down one row per step; one FMA into the partial sums of each (filter, tap) pair, kept in
 * registers for the whole walk. With 16-lane vectors (AVX-512) a block is two filters (18
 * accumulators and a window of six gradient vectors: 18 FMAs for five loads); with 8- or 4-lane
 * vectors, or a last odd filter, one filter (9 accumulators and 3 gradient vectors, 14 of AVX2's 16
 * registers), run once for each 8 or 4 of the 16 lanes. Gradient vectors have their masked lanes
 * cleared by an AND with {@link RowVectors#masks}. The lanes never mix and every partial sum takes its
 * products in increasing output row, so every width gives the plain kernel's bits. Tried before and
 * slower (docs/performance.md, twentieth round): blocks of four filters by six taps, which loaded
 * every input vector once per output row (24 FMAs for ten loads). Casts to the exact vector class as
 * in {@link EightRowTiles}.
 */
final class VectorRowDotKernel implements RowDotKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int WIDTH = S.length();

    /** A vector's worth of +0, the gradient of output rows outside the image. */
    private static final float[] ZEROS = new float[LANES];

    static final VectorRowDotKernel INSTANCE = new VectorRowDotKernel();

    private VectorRowDotKernel() {}

    /** Whether the preferred vector width divides the 16 lanes (AVX-512, AVX2, 128-bit SIMD). */
    static boolean suits() {
        return WIDTH <= LANES && LANES % WIDTH == 0 && I.length() == WIDTH;
    }

    @Override
    public void accumulate(
            int filters,
            int channels,
            float[] g,
            int gOff,
            int gPlane,
            int width,
            float[] x,
            int xOff,
            int xPlane,
            int xRow,
            int rows,
            RowVectors vectors,
            int v,
            float[] lanes) {
        int f = 0;
        if (WIDTH == LANES) {
            for (; f + 1 < filters; f += 2) {
                int g0 = gOff + f * gPlane;
                int a = channels * 9 * LANES; // from one filter's partial sums to the next's
                for (int ch = 0; ch < channels; ch++) {
                    int a0 = (f * channels + ch) * 9 * LANES;
                    twoFiltersSlidingRows(
                            g,
                            g0,
                            g0 + gPlane,
                            width,
                            x,
                            xOff + ch * xPlane,
                            xRow,
                            rows,
                            vectors,
                            v,
                            lanes,
                            a0,
                            a0 + a);
                }
            }
        }
        for (; f < filters; f++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int part = 0; part < LANES; part += WIDTH) {
                    oneFilterSlidingRows(
                            g,
                            gOff + f * gPlane,
                            width,
                            x,
                            xOff + ch * xPlane,
                            xRow,
                            rows,
                            vectors,
                            v,
                            part,
                            lanes,
                            (f * channels + ch) * 9 * LANES + part);
                }
            }
        }
    }

    /**
     * The partial sums of two filters' nine taps of one channel (16-lane vectors), walking down the
     * input rows: each input row is loaded once per kernel column and serves the three output rows
     * that read it, whose gradient vectors stay in registers (a window of three output rows per
     * filter: {@code gp}, {@code gq}, {@code gr} for output rows i - 2, i - 1 and i at input row i).
     * 18 FMAs for three input and two gradient loads, against 24 for ten in the four-filter blocks.
     * Output rows outside the image give +0: rows -2 and -1 start the window as {@link #ZEROS}, rows
     * {@code rows} and {@code rows + 1} read the last row again and clear it with {@link
     * RowVectors#masks}' zero half, one AND with no test for the edge (which had picked the array and
     * the offset at every step: 3-9% slower, docs/performance.md, twenty-second round). Their products
     * are +0 onto partial sums that are never -0 (a sum that starts at +0 stays so: round to nearest
     * gives -0 only for -0 + -0), which changes no bit and keeps the loop one body (peeling the edges
     * made a method C1 cannot compile, 2,050 bytes, left at tier 2). Each partial sum still takes its
     * products in increasing output row, so the same bits as the plain kernel.
     */
    private static void twoFiltersSlidingRows(
            float[] g,
            int g0,
            int g1,
            int width,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            RowVectors vectors,
            int v,
            float[] lanes,
            int a0,
            int a1) {
        FloatVector s000 = EXACT.cast(FloatVector.fromArray(S, lanes, a0));
        FloatVector s001 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 16));
        FloatVector s002 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 32));
        FloatVector s010 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 48));
        FloatVector s011 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 64));
        FloatVector s012 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 80));
        FloatVector s020 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 96));
        FloatVector s021 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 112));
        FloatVector s022 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 128));
        FloatVector s100 = EXACT.cast(FloatVector.fromArray(S, lanes, a1));
        FloatVector s101 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 16));
        FloatVector s102 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 32));
        FloatVector s110 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 48));
        FloatVector s111 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 64));
        FloatVector s112 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 80));
        FloatVector s120 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 96));
        FloatVector s121 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 112));
        FloatVector s122 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 128));
        int col = vectors.start(v);
        int lastAt = (rows - 1) * width + col;
        // Lanes that repeat the previous vector's columns, and rows past the last, take +0: an AND.
        int[] masks = vectors.masks();
        int keepAt = vectors.keptLanesAt(v);
        int dropAt = vectors.noLanesAt(v);
        FloatVector gq0 = EXACT.cast(FloatVector.fromArray(S, ZEROS, 0));
        FloatVector gq1 = gq0;
        FloatVector gr0 = gq0;
        FloatVector gr1 = gq0;
        for (int i = 0, row = xAt + col, gAt = col; i < rows + 2; i++, row += xRow, gAt += width) {
            FloatVector gp0 = gq0;
            FloatVector gp1 = gq1;
            gq0 = gr0;
            gq1 = gr1;
            int at = Math.min(gAt, lastAt);
            IntVector kept = IntVector.fromArray(I, masks, i < rows ? keepAt : dropAt);
            gr0 = EXACT.cast(FloatVector.fromArray(S, g, g0 + at)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            gr1 = EXACT.cast(FloatVector.fromArray(S, g, g1 + at)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row));
            s000 = in0.fma(gr0, s000);
            s100 = in0.fma(gr1, s100);
            s010 = in0.fma(gq0, s010);
            s110 = in0.fma(gq1, s110);
            s020 = in0.fma(gp0, s020);
            s120 = in0.fma(gp1, s120);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row + 1));
            s001 = in1.fma(gr0, s001);
            s101 = in1.fma(gr1, s101);
            s011 = in1.fma(gq0, s011);
            s111 = in1.fma(gq1, s111);
            s021 = in1.fma(gp0, s021);
            s121 = in1.fma(gp1, s121);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row + 2));
            s002 = in2.fma(gr0, s002);
            s102 = in2.fma(gr1, s102);
            s012 = in2.fma(gq0, s012);
            s112 = in2.fma(gq1, s112);
            s022 = in2.fma(gp0, s022);
            s122 = in2.fma(gp1, s122);
        }
        EXACT.cast(s000).intoArray(lanes, a0);
        EXACT.cast(s001).intoArray(lanes, a0 + 16);
        EXACT.cast(s002).intoArray(lanes, a0 + 32);
        EXACT.cast(s010).intoArray(lanes, a0 + 48);
        EXACT.cast(s011).intoArray(lanes, a0 + 64);
        EXACT.cast(s012).intoArray(lanes, a0 + 80);
        EXACT.cast(s020).intoArray(lanes, a0 + 96);
        EXACT.cast(s021).intoArray(lanes, a0 + 112);
        EXACT.cast(s022).intoArray(lanes, a0 + 128);
        EXACT.cast(s100).intoArray(lanes, a1);
        EXACT.cast(s101).intoArray(lanes, a1 + 16);
        EXACT.cast(s102).intoArray(lanes, a1 + 32);
        EXACT.cast(s110).intoArray(lanes, a1 + 48);
        EXACT.cast(s111).intoArray(lanes, a1 + 64);
        EXACT.cast(s112).intoArray(lanes, a1 + 80);
        EXACT.cast(s120).intoArray(lanes, a1 + 96);
        EXACT.cast(s121).intoArray(lanes, a1 + 112);
        EXACT.cast(s122).intoArray(lanes, a1 + 128);
    }

    /**
     * The partial sums of one filter's nine taps of one channel, for the vector's lanes from {@code
     * part}, walking down the input rows as {@link #twoFiltersSlidingRows} does (three input loads
     * and one gradient load for nine FMAs; 14 registers, so AVX2's 16 suffice).
     */
    private static void oneFilterSlidingRows(
            float[] g,
            int g0,
            int width,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            RowVectors vectors,
            int v,
            int part,
            float[] lanes,
            int a0) {
        FloatVector s00 = EXACT.cast(FloatVector.fromArray(S, lanes, a0));
        FloatVector s01 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 16));
        FloatVector s02 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 32));
        FloatVector s10 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 48));
        FloatVector s11 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 64));
        FloatVector s12 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 80));
        FloatVector s20 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 96));
        FloatVector s21 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 112));
        FloatVector s22 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 128));
        int col = vectors.start(v) + part;
        int lastAt = (rows - 1) * width + col;
        // Lanes that repeat the previous vector's columns, and rows past the last, take +0: an AND.
        int[] masks = vectors.masks();
        int keepAt = vectors.keptLanesAt(v) + part;
        int dropAt = vectors.noLanesAt(v) + part;
        FloatVector gq = EXACT.cast(FloatVector.fromArray(S, ZEROS, 0));
        FloatVector gr = gq;
        for (int i = 0, row = xAt + col, gAt = col; i < rows + 2; i++, row += xRow, gAt += width) {
            FloatVector gp = gq;
            gq = gr;
            IntVector kept = IntVector.fromArray(I, masks, i < rows ? keepAt : dropAt);
            gr = EXACT.cast(FloatVector.fromArray(S, g, g0 + Math.min(gAt, lastAt))
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row));
            s00 = in0.fma(gr, s00);
            s10 = in0.fma(gq, s10);
            s20 = in0.fma(gp, s20);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row + 1));
            s01 = in1.fma(gr, s01);
            s11 = in1.fma(gq, s11);
            s21 = in1.fma(gp, s21);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row + 2));
            s02 = in2.fma(gr, s02);
            s12 = in2.fma(gq, s12);
            s22 = in2.fma(gp, s22);
        }
        EXACT.cast(s00).intoArray(lanes, a0);
        EXACT.cast(s01).intoArray(lanes, a0 + 16);
        EXACT.cast(s02).intoArray(lanes, a0 + 32);
        EXACT.cast(s10).intoArray(lanes, a0 + 48);
        EXACT.cast(s11).intoArray(lanes, a0 + 64);
        EXACT.cast(s12).intoArray(lanes, a0 + 80);
        EXACT.cast(s20).intoArray(lanes, a0 + 96);
        EXACT.cast(s21).intoArray(lanes, a0 + 112);
        EXACT.cast(s22).intoArray(lanes, a0 + 128);
    }
}
