package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.RowDotKernel;
import dev.tauon.core.internal.kernel.RowVectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowDotKernel} with the Vector API: per step a vector of output gradient per filter (its
 * masked lanes cleared by an AND with {@link RowVectors#keep}) and one of input per tap, one FMA into
 * the partial sums of each (filter, tap) pair of a block, kept in registers while the block runs
 * over the image. With 16-lane vectors (AVX-512) a block is two filters by one channel's nine taps
 * (18 accumulators, two gradient vectors, a mask and an input vector: 22 of the 32 registers);
 * with 8- or 4-lane vectors, one filter by nine taps (12 of 16 registers), run once for each 8 or
 * 4 of the 16 lanes. The lanes never mix, so every width gives the plain kernel's bits. Casts to the
 * exact vector class as in {@link EightRowTiles}.
 */
final class VectorRowDotKernel implements RowDotKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int WIDTH = S.length();

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
            float[] lanes) {
        int f = 0;
        if (WIDTH == LANES) {
            for (; f + 1 < filters; f += 2) {
                for (int ch = 0; ch < channels; ch++) {
                    twoFilters(
                            g,
                            gOff + f * gPlane,
                            gOff + (f + 1) * gPlane,
                            width,
                            x,
                            xOff + ch * xPlane,
                            xRow,
                            rows,
                            vectors,
                            0,
                            lanes,
                            (f * channels + ch) * 9 * LANES,
                            ((f + 1) * channels + ch) * 9 * LANES);
                }
            }
        }
        for (; f < filters; f++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int part = 0; part < LANES; part += WIDTH) {
                    oneFilter(
                            g,
                            gOff + f * gPlane,
                            width,
                            x,
                            xOff + ch * xPlane,
                            xRow,
                            rows,
                            vectors,
                            part,
                            lanes,
                            (f * channels + ch) * 9 * LANES + part);
                }
            }
        }
    }

    /** The partial sums of two filters' nine taps of one channel (16-lane vectors: {@code part} is 0). */
    private static void twoFilters(
            float[] g,
            int g0,
            int g1,
            int width,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            RowVectors vectors,
            int part,
            float[] lanes,
            int a0,
            int a1) {
        FloatVector c00 = EXACT.cast(FloatVector.fromArray(S, lanes, a0));
        FloatVector c01 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 16));
        FloatVector c02 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 32));
        FloatVector c03 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 48));
        FloatVector c04 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 64));
        FloatVector c05 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 80));
        FloatVector c06 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 96));
        FloatVector c07 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 112));
        FloatVector c08 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 128));
        FloatVector c10 = EXACT.cast(FloatVector.fromArray(S, lanes, a1));
        FloatVector c11 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 16));
        FloatVector c12 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 32));
        FloatVector c13 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 48));
        FloatVector c14 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 64));
        FloatVector c15 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 80));
        FloatVector c16 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 96));
        FloatVector c17 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 112));
        FloatVector c18 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 128));
        int[] keep = vectors.keep();
        int count = vectors.count();
        int steps = rows * count;
        // One loop over (row, vector) steps: with a loop nested in the row loop, C2 kept the
        // accumulators boxed on the heap (a phi at each loop head), allocating 1.7 KB a step.
        for (int step = 0, v = 0; step < steps; step++) {
            int col = vectors.start(v) + part;
            IntVector kept = IntVector.fromArray(I, keep, v * RowDotKernel.LANES + part);
            FloatVector g0v = EXACT.cast(FloatVector.fromArray(S, g, g0 + col)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector g1v = EXACT.cast(FloatVector.fromArray(S, g, g1 + col)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            int row0 = xAt + col;
            int row1 = row0 + xRow;
            int row2 = row1 + xRow;
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row0));
            c00 = in0.fma(g0v, c00);
            c10 = in0.fma(g1v, c10);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row0 + 1));
            c01 = in1.fma(g0v, c01);
            c11 = in1.fma(g1v, c11);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row0 + 2));
            c02 = in2.fma(g0v, c02);
            c12 = in2.fma(g1v, c12);
            FloatVector in3 = EXACT.cast(FloatVector.fromArray(S, x, row1));
            c03 = in3.fma(g0v, c03);
            c13 = in3.fma(g1v, c13);
            FloatVector in4 = EXACT.cast(FloatVector.fromArray(S, x, row1 + 1));
            c04 = in4.fma(g0v, c04);
            c14 = in4.fma(g1v, c14);
            FloatVector in5 = EXACT.cast(FloatVector.fromArray(S, x, row1 + 2));
            c05 = in5.fma(g0v, c05);
            c15 = in5.fma(g1v, c15);
            FloatVector in6 = EXACT.cast(FloatVector.fromArray(S, x, row2));
            c06 = in6.fma(g0v, c06);
            c16 = in6.fma(g1v, c16);
            FloatVector in7 = EXACT.cast(FloatVector.fromArray(S, x, row2 + 1));
            c07 = in7.fma(g0v, c07);
            c17 = in7.fma(g1v, c17);
            FloatVector in8 = EXACT.cast(FloatVector.fromArray(S, x, row2 + 2));
            c08 = in8.fma(g0v, c08);
            c18 = in8.fma(g1v, c18);
            if (++v == count) { // next output row
                v = 0;
                g0 += width;
                g1 += width;
                xAt += xRow;
            }
        }
        EXACT.cast(c00).intoArray(lanes, a0);
        EXACT.cast(c01).intoArray(lanes, a0 + 16);
        EXACT.cast(c02).intoArray(lanes, a0 + 32);
        EXACT.cast(c03).intoArray(lanes, a0 + 48);
        EXACT.cast(c04).intoArray(lanes, a0 + 64);
        EXACT.cast(c05).intoArray(lanes, a0 + 80);
        EXACT.cast(c06).intoArray(lanes, a0 + 96);
        EXACT.cast(c07).intoArray(lanes, a0 + 112);
        EXACT.cast(c08).intoArray(lanes, a0 + 128);
        EXACT.cast(c10).intoArray(lanes, a1);
        EXACT.cast(c11).intoArray(lanes, a1 + 16);
        EXACT.cast(c12).intoArray(lanes, a1 + 32);
        EXACT.cast(c13).intoArray(lanes, a1 + 48);
        EXACT.cast(c14).intoArray(lanes, a1 + 64);
        EXACT.cast(c15).intoArray(lanes, a1 + 80);
        EXACT.cast(c16).intoArray(lanes, a1 + 96);
        EXACT.cast(c17).intoArray(lanes, a1 + 112);
        EXACT.cast(c18).intoArray(lanes, a1 + 128);
    }

    /** The partial sums of one filter's nine taps of one channel, for the vector's lanes from {@code part}. */
    private static void oneFilter(
            float[] g,
            int g0,
            int width,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            RowVectors vectors,
            int part,
            float[] lanes,
            int a0) {
        FloatVector c00 = EXACT.cast(FloatVector.fromArray(S, lanes, a0));
        FloatVector c01 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 16));
        FloatVector c02 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 32));
        FloatVector c03 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 48));
        FloatVector c04 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 64));
        FloatVector c05 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 80));
        FloatVector c06 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 96));
        FloatVector c07 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 112));
        FloatVector c08 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 128));
        int[] keep = vectors.keep();
        int count = vectors.count();
        int steps = rows * count;
        // One loop over (row, vector) steps: with a loop nested in the row loop, C2 kept the
        // accumulators boxed on the heap (a phi at each loop head), allocating 1.7 KB a step.
        for (int step = 0, v = 0; step < steps; step++) {
            int col = vectors.start(v) + part;
            IntVector kept = IntVector.fromArray(I, keep, v * RowDotKernel.LANES + part);
            FloatVector g0v = EXACT.cast(FloatVector.fromArray(S, g, g0 + col)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            int row0 = xAt + col;
            int row1 = row0 + xRow;
            int row2 = row1 + xRow;
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row0));
            c00 = in0.fma(g0v, c00);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row0 + 1));
            c01 = in1.fma(g0v, c01);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row0 + 2));
            c02 = in2.fma(g0v, c02);
            FloatVector in3 = EXACT.cast(FloatVector.fromArray(S, x, row1));
            c03 = in3.fma(g0v, c03);
            FloatVector in4 = EXACT.cast(FloatVector.fromArray(S, x, row1 + 1));
            c04 = in4.fma(g0v, c04);
            FloatVector in5 = EXACT.cast(FloatVector.fromArray(S, x, row1 + 2));
            c05 = in5.fma(g0v, c05);
            FloatVector in6 = EXACT.cast(FloatVector.fromArray(S, x, row2));
            c06 = in6.fma(g0v, c06);
            FloatVector in7 = EXACT.cast(FloatVector.fromArray(S, x, row2 + 1));
            c07 = in7.fma(g0v, c07);
            FloatVector in8 = EXACT.cast(FloatVector.fromArray(S, x, row2 + 2));
            c08 = in8.fma(g0v, c08);
            if (++v == count) { // next output row
                v = 0;
                g0 += width;
                xAt += xRow;
            }
        }
        EXACT.cast(c00).intoArray(lanes, a0);
        EXACT.cast(c01).intoArray(lanes, a0 + 16);
        EXACT.cast(c02).intoArray(lanes, a0 + 32);
        EXACT.cast(c03).intoArray(lanes, a0 + 48);
        EXACT.cast(c04).intoArray(lanes, a0 + 64);
        EXACT.cast(c05).intoArray(lanes, a0 + 80);
        EXACT.cast(c06).intoArray(lanes, a0 + 96);
        EXACT.cast(c07).intoArray(lanes, a0 + 112);
        EXACT.cast(c08).intoArray(lanes, a0 + 128);
    }
}
