package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.RowDotKernel;
import dev.tauon.core.internal.kernel.RowVectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowDotKernel} with the Vector API: per output row a vector of output gradient per filter
 * (its masked lanes cleared by an AND with {@link RowVectors#keep}) and one of input per tap, one
 * FMA into the partial sums of each (filter, tap) pair of a block, kept in registers while the
 * block runs down the rows. With 16-lane vectors (AVX-512) a block is four filters by one channel's
 * first two kernel rows (24 accumulators, four gradient vectors and an input vector: 29 of the 32
 * registers; 10 loads for 24 FMAs), then the same four filters by its third row; with 8- or 4-lane
 * vectors, one filter by nine taps (12 of 16 registers), run once for each 8 or 4 of the 16 lanes;
 * filters left over from blocks of four take that block too. The lanes never mix, so every width
 * gives the plain kernel's bits. Casts to the exact vector class as in {@link EightRowTiles}.
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
            int v,
            float[] lanes) {
        int f = 0;
        if (WIDTH == LANES) {
            for (; f + 3 < filters; f += 4) {
                int g0 = gOff + f * gPlane;
                int a = channels * 9 * LANES; // from one filter's partial sums to the next's
                for (int ch = 0; ch < channels; ch++) {
                    int xAt = xOff + ch * xPlane;
                    int a0 = (f * channels + ch) * 9 * LANES;
                    fourFiltersTwoRows(
                            g,
                            g0,
                            g0 + gPlane,
                            g0 + 2 * gPlane,
                            g0 + 3 * gPlane,
                            width,
                            x,
                            xAt,
                            xRow,
                            rows,
                            vectors,
                            v,
                            0,
                            lanes,
                            a0,
                            a0 + a,
                            a0 + 2 * a,
                            a0 + 3 * a);
                    fourFiltersOneRow(
                            g,
                            g0,
                            g0 + gPlane,
                            g0 + 2 * gPlane,
                            g0 + 3 * gPlane,
                            width,
                            x,
                            xAt,
                            xRow,
                            rows,
                            vectors,
                            v,
                            0,
                            lanes,
                            a0,
                            a0 + a,
                            a0 + 2 * a,
                            a0 + 3 * a);
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
                            v,
                            part,
                            lanes,
                            (f * channels + ch) * 9 * LANES + part);
                }
            }
        }
    }

    /** The partial sums of four filters' taps in the first two kernel rows of one channel (16-lane vectors: {@code part} is 0). */
    private static void fourFiltersTwoRows(
            float[] g,
            int g0,
            int g1,
            int g2,
            int g3,
            int width,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            RowVectors vectors,
            int v,
            int part,
            float[] lanes,
            int a0,
            int a1,
            int a2,
            int a3) {
        FloatVector c00 = EXACT.cast(FloatVector.fromArray(S, lanes, a0));
        FloatVector c01 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 16));
        FloatVector c02 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 32));
        FloatVector c03 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 48));
        FloatVector c04 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 64));
        FloatVector c05 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 80));
        FloatVector c10 = EXACT.cast(FloatVector.fromArray(S, lanes, a1));
        FloatVector c11 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 16));
        FloatVector c12 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 32));
        FloatVector c13 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 48));
        FloatVector c14 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 64));
        FloatVector c15 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 80));
        FloatVector c20 = EXACT.cast(FloatVector.fromArray(S, lanes, a2));
        FloatVector c21 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 16));
        FloatVector c22 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 32));
        FloatVector c23 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 48));
        FloatVector c24 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 64));
        FloatVector c25 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 80));
        FloatVector c30 = EXACT.cast(FloatVector.fromArray(S, lanes, a3));
        FloatVector c31 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 16));
        FloatVector c32 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 32));
        FloatVector c33 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 48));
        FloatVector c34 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 64));
        FloatVector c35 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 80));
        int col = vectors.start(v) + part;
        // Lanes that repeat the previous vector's columns take +0: an AND with all ones or zero.
        IntVector kept = IntVector.fromArray(I, vectors.keep(), v * RowDotKernel.LANES + part);
        for (int r = 0, gAt = col, row = xAt + col; r < rows; r++, gAt += width, row += xRow) {
            FloatVector g0v = EXACT.cast(FloatVector.fromArray(S, g, g0 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector g1v = EXACT.cast(FloatVector.fromArray(S, g, g1 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector g2v = EXACT.cast(FloatVector.fromArray(S, g, g2 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector g3v = EXACT.cast(FloatVector.fromArray(S, g, g3 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row));
            c00 = in0.fma(g0v, c00);
            c10 = in0.fma(g1v, c10);
            c20 = in0.fma(g2v, c20);
            c30 = in0.fma(g3v, c30);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row + 1));
            c01 = in1.fma(g0v, c01);
            c11 = in1.fma(g1v, c11);
            c21 = in1.fma(g2v, c21);
            c31 = in1.fma(g3v, c31);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row + 2));
            c02 = in2.fma(g0v, c02);
            c12 = in2.fma(g1v, c12);
            c22 = in2.fma(g2v, c22);
            c32 = in2.fma(g3v, c32);
            FloatVector in3 = EXACT.cast(FloatVector.fromArray(S, x, row + xRow));
            c03 = in3.fma(g0v, c03);
            c13 = in3.fma(g1v, c13);
            c23 = in3.fma(g2v, c23);
            c33 = in3.fma(g3v, c33);
            FloatVector in4 = EXACT.cast(FloatVector.fromArray(S, x, row + xRow + 1));
            c04 = in4.fma(g0v, c04);
            c14 = in4.fma(g1v, c14);
            c24 = in4.fma(g2v, c24);
            c34 = in4.fma(g3v, c34);
            FloatVector in5 = EXACT.cast(FloatVector.fromArray(S, x, row + xRow + 2));
            c05 = in5.fma(g0v, c05);
            c15 = in5.fma(g1v, c15);
            c25 = in5.fma(g2v, c25);
            c35 = in5.fma(g3v, c35);
        }
        EXACT.cast(c00).intoArray(lanes, a0);
        EXACT.cast(c01).intoArray(lanes, a0 + 16);
        EXACT.cast(c02).intoArray(lanes, a0 + 32);
        EXACT.cast(c03).intoArray(lanes, a0 + 48);
        EXACT.cast(c04).intoArray(lanes, a0 + 64);
        EXACT.cast(c05).intoArray(lanes, a0 + 80);
        EXACT.cast(c10).intoArray(lanes, a1);
        EXACT.cast(c11).intoArray(lanes, a1 + 16);
        EXACT.cast(c12).intoArray(lanes, a1 + 32);
        EXACT.cast(c13).intoArray(lanes, a1 + 48);
        EXACT.cast(c14).intoArray(lanes, a1 + 64);
        EXACT.cast(c15).intoArray(lanes, a1 + 80);
        EXACT.cast(c20).intoArray(lanes, a2);
        EXACT.cast(c21).intoArray(lanes, a2 + 16);
        EXACT.cast(c22).intoArray(lanes, a2 + 32);
        EXACT.cast(c23).intoArray(lanes, a2 + 48);
        EXACT.cast(c24).intoArray(lanes, a2 + 64);
        EXACT.cast(c25).intoArray(lanes, a2 + 80);
        EXACT.cast(c30).intoArray(lanes, a3);
        EXACT.cast(c31).intoArray(lanes, a3 + 16);
        EXACT.cast(c32).intoArray(lanes, a3 + 32);
        EXACT.cast(c33).intoArray(lanes, a3 + 48);
        EXACT.cast(c34).intoArray(lanes, a3 + 64);
        EXACT.cast(c35).intoArray(lanes, a3 + 80);
    }

    /** The partial sums of four filters' taps in the third kernel row of one channel (16-lane vectors). */
    private static void fourFiltersOneRow(
            float[] g,
            int g0,
            int g1,
            int g2,
            int g3,
            int width,
            float[] x,
            int xAt,
            int xRow,
            int rows,
            RowVectors vectors,
            int v,
            int part,
            float[] lanes,
            int a0,
            int a1,
            int a2,
            int a3) {
        FloatVector c06 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 96));
        FloatVector c07 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 112));
        FloatVector c08 = EXACT.cast(FloatVector.fromArray(S, lanes, a0 + 128));
        FloatVector c16 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 96));
        FloatVector c17 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 112));
        FloatVector c18 = EXACT.cast(FloatVector.fromArray(S, lanes, a1 + 128));
        FloatVector c26 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 96));
        FloatVector c27 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 112));
        FloatVector c28 = EXACT.cast(FloatVector.fromArray(S, lanes, a2 + 128));
        FloatVector c36 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 96));
        FloatVector c37 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 112));
        FloatVector c38 = EXACT.cast(FloatVector.fromArray(S, lanes, a3 + 128));
        int col = vectors.start(v) + part;
        // Lanes that repeat the previous vector's columns take +0: an AND with all ones or zero.
        IntVector kept = IntVector.fromArray(I, vectors.keep(), v * RowDotKernel.LANES + part);
        for (int r = 0, gAt = col, row = xAt + col; r < rows; r++, gAt += width, row += xRow) {
            FloatVector g0v = EXACT.cast(FloatVector.fromArray(S, g, g0 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector g1v = EXACT.cast(FloatVector.fromArray(S, g, g1 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector g2v = EXACT.cast(FloatVector.fromArray(S, g, g2 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector g3v = EXACT.cast(FloatVector.fromArray(S, g, g3 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector in6 = EXACT.cast(FloatVector.fromArray(S, x, row + 2 * xRow));
            c06 = in6.fma(g0v, c06);
            c16 = in6.fma(g1v, c16);
            c26 = in6.fma(g2v, c26);
            c36 = in6.fma(g3v, c36);
            FloatVector in7 = EXACT.cast(FloatVector.fromArray(S, x, row + 2 * xRow + 1));
            c07 = in7.fma(g0v, c07);
            c17 = in7.fma(g1v, c17);
            c27 = in7.fma(g2v, c27);
            c37 = in7.fma(g3v, c37);
            FloatVector in8 = EXACT.cast(FloatVector.fromArray(S, x, row + 2 * xRow + 2));
            c08 = in8.fma(g0v, c08);
            c18 = in8.fma(g1v, c18);
            c28 = in8.fma(g2v, c28);
            c38 = in8.fma(g3v, c38);
        }
        EXACT.cast(c06).intoArray(lanes, a0 + 96);
        EXACT.cast(c07).intoArray(lanes, a0 + 112);
        EXACT.cast(c08).intoArray(lanes, a0 + 128);
        EXACT.cast(c16).intoArray(lanes, a1 + 96);
        EXACT.cast(c17).intoArray(lanes, a1 + 112);
        EXACT.cast(c18).intoArray(lanes, a1 + 128);
        EXACT.cast(c26).intoArray(lanes, a2 + 96);
        EXACT.cast(c27).intoArray(lanes, a2 + 112);
        EXACT.cast(c28).intoArray(lanes, a2 + 128);
        EXACT.cast(c36).intoArray(lanes, a3 + 96);
        EXACT.cast(c37).intoArray(lanes, a3 + 112);
        EXACT.cast(c38).intoArray(lanes, a3 + 128);
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
            int v,
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
        int col = vectors.start(v) + part;
        // Lanes that repeat the previous vector's columns take +0: an AND with all ones or zero.
        IntVector kept = IntVector.fromArray(I, vectors.keep(), v * RowDotKernel.LANES + part);
        for (int r = 0, gAt = col, row = xAt + col; r < rows; r++, gAt += width, row += xRow) {
            FloatVector g0v = EXACT.cast(FloatVector.fromArray(S, g, g0 + gAt)
                    .reinterpretAsInts()
                    .and(kept)
                    .reinterpretAsFloats());
            FloatVector in0 = EXACT.cast(FloatVector.fromArray(S, x, row));
            c00 = in0.fma(g0v, c00);
            FloatVector in1 = EXACT.cast(FloatVector.fromArray(S, x, row + 1));
            c01 = in1.fma(g0v, c01);
            FloatVector in2 = EXACT.cast(FloatVector.fromArray(S, x, row + 2));
            c02 = in2.fma(g0v, c02);
            FloatVector in3 = EXACT.cast(FloatVector.fromArray(S, x, row + xRow));
            c03 = in3.fma(g0v, c03);
            FloatVector in4 = EXACT.cast(FloatVector.fromArray(S, x, row + xRow + 1));
            c04 = in4.fma(g0v, c04);
            FloatVector in5 = EXACT.cast(FloatVector.fromArray(S, x, row + xRow + 2));
            c05 = in5.fma(g0v, c05);
            FloatVector in6 = EXACT.cast(FloatVector.fromArray(S, x, row + 2 * xRow));
            c06 = in6.fma(g0v, c06);
            FloatVector in7 = EXACT.cast(FloatVector.fromArray(S, x, row + 2 * xRow + 1));
            c07 = in7.fma(g0v, c07);
            FloatVector in8 = EXACT.cast(FloatVector.fromArray(S, x, row + 2 * xRow + 2));
            c08 = in8.fma(g0v, c08);
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
