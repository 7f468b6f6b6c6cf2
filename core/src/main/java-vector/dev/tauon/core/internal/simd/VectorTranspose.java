package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix transposed a vector at a time. Where {@link #BLOCKS} says so, whole 16 x 16 (8 x 8) blocks go
 * through registers ({@link #block}: a vector per load and per store); elsewhere each output run of
 * {@code S.length()} elements is one gather from a column of the input. Rows or columns that do not
 * fill the last block are covered by a block that overlaps the one before; matrices of fewer rows
 * than a vector move one float per load and store. A copy either way: no choice here changes a bit.
 */
final class VectorTranspose {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> EXACT = ExactVectorClass.CLASS;
    private static final int LANES = S.length();

    /**
     * Whether full blocks of a vector's rows and lanes (16 x 16, or 8 x 8 with 256-bit vectors) move
     * by lanes ({@link #block}) instead of by gathers, unless {@code
     * -Dtauon.simd.transposeBlocks=false} says otherwise. In {@code TransposeBenchmark}'s 64 x 256 a
     * 16 x 16 block moved by lanes took 38-50 ns on Temurin 25 and, in halves, 46-61 ns on JDK 17,
     * where gathering it took 75-81 ns (docs/performance.md, nineteenth round); on Zen 3 (AVX2) the 8
     * x 8 block: docs/performance.md, twenty-third round.
     */
    static final boolean BLOCKS = (LANES == 16 || LANES == 8)
            && Boolean.parseBoolean(System.getProperty("tauon.simd.transposeBlocks", "true"));

    /**
     * Whether {@link #block} runs in two methods of two stages each: before JDK 25, unless {@code
     * -Dtauon.simd.transposeHalves} says otherwise. On JDK 17 the four stages in one method are too
     * large for C1 ("out of virtual registers"); the tiered policy then leaves the method in C1's
     * unprofiled tier, running the Vector API's Java fallbacks for good (35 MB a conv2 forward call,
     * 327-339 against 852-861 calls/s by gathers). Each half compiles in C1 and reaches C2. On
     * Temurin 25, where C1 compiles the whole, the halves' round trip through memory made a block
     * up to 1.3x slower and res64x16's forward about 10% slower. JDK 21 was not measured.
     */
    static final boolean HALVES = Boolean.parseBoolean(System.getProperty(
            "tauon.simd.transposeHalves", String.valueOf(Runtime.version().feature() < 25)));

    // Stage b of the block transposition swaps bit b of the row with bit b of the lane:
    // lanes with bit b set take the partner row's lane l - 2^b (UP), the others lane l + 2^b (DOWN).
    private static final VectorShuffle<Float> UP0 = BLOCKS ? shift(0, true) : null;
    private static final VectorShuffle<Float> UP1 = BLOCKS ? shift(1, true) : null;
    private static final VectorShuffle<Float> UP2 = BLOCKS ? shift(2, true) : null;
    private static final VectorShuffle<Float> UP3 = BLOCKS && LANES == 16 ? shift(3, true) : null;
    private static final VectorShuffle<Float> DOWN0 = BLOCKS ? shift(0, false) : null;
    private static final VectorShuffle<Float> DOWN1 = BLOCKS ? shift(1, false) : null;
    private static final VectorShuffle<Float> DOWN2 = BLOCKS ? shift(2, false) : null;
    private static final VectorShuffle<Float> DOWN3 = BLOCKS && LANES == 16 ? shift(3, false) : null;
    private static final VectorMask<Float> SET0 = BLOCKS ? bitSet(0, true) : null;
    private static final VectorMask<Float> SET1 = BLOCKS ? bitSet(1, true) : null;
    private static final VectorMask<Float> SET2 = BLOCKS ? bitSet(2, true) : null;
    private static final VectorMask<Float> SET3 = BLOCKS && LANES == 16 ? bitSet(3, true) : null;
    private static final VectorMask<Float> CLEAR0 = BLOCKS ? bitSet(0, false) : null;
    private static final VectorMask<Float> CLEAR1 = BLOCKS ? bitSet(1, false) : null;
    private static final VectorMask<Float> CLEAR2 = BLOCKS ? bitSet(2, false) : null;
    private static final VectorMask<Float> CLEAR3 = BLOCKS && LANES == 16 ? bitSet(3, false) : null;

    /** Each thread's 16 x 16 floats where a block's rows wait between its halves: hot in L1, unlike a large destination. */
    private static final ThreadLocal<float[]> BETWEEN = ThreadLocal.withInitial(() -> new float[LANES * LANES]);

    private VectorTranspose() {}

    /**
     * The 16 x 16 block at {@code src[from]} (rows {@code srcStride} apart) transposed into {@code
     * dst[to]} (rows {@code dstStride} apart): sixteen loads, four stages of lane moves, sixteen
     * stores; with 8 lanes the 8 x 8 block ({@link #eightBlock}). Where {@link #HALVES} says so, in two methods of two stages each, the rows waiting
     * in {@code between} (16 x 16 floats) from one to the other.
     */
    private static void block(
            float[] src, int from, int srcStride, float[] dst, int to, int dstStride, float[] between) {
        if (LANES == 8) {
            eightBlock(src, from, srcStride, dst, to, dstStride);
        } else if (HALVES) {
            blockLowStages(src, from, srcStride, between, 0, LANES);
            blockHighStages(between, 0, LANES, dst, to, dstStride);
        } else {
            wholeBlock(src, from, srcStride, dst, to, dstStride);
        }
    }

    /**
     * {@link #block} of 8 x 8 (256-bit vectors): eight loads, stages 0 to 2, eight stores; eight rows
     * and a temporary fit AVX2's 16 registers, and the method is small enough for C1 on JDK 17.
     */
    private static void eightBlock(float[] src, int from, int srcStride, float[] dst, int to, int dstStride) {
        FloatVector r0 = EXACT.cast(FloatVector.fromArray(S, src, from));
        FloatVector r1 = EXACT.cast(FloatVector.fromArray(S, src, from + 1 * srcStride));
        FloatVector r2 = EXACT.cast(FloatVector.fromArray(S, src, from + 2 * srcStride));
        FloatVector r3 = EXACT.cast(FloatVector.fromArray(S, src, from + 3 * srcStride));
        FloatVector r4 = EXACT.cast(FloatVector.fromArray(S, src, from + 4 * srcStride));
        FloatVector r5 = EXACT.cast(FloatVector.fromArray(S, src, from + 5 * srcStride));
        FloatVector r6 = EXACT.cast(FloatVector.fromArray(S, src, from + 6 * srcStride));
        FloatVector r7 = EXACT.cast(FloatVector.fromArray(S, src, from + 7 * srcStride));
        FloatVector x;
        // Stage 0: rows 1 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r1).rearrange(UP0), SET0);
        r1 = EXACT.cast(r1).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r3).rearrange(UP0), SET0);
        r3 = EXACT.cast(r3).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r5).rearrange(UP0), SET0);
        r5 = EXACT.cast(r5).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r6;
        r6 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP0), SET0);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        // Stage 1: rows 2 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r2).rearrange(UP1), SET1);
        r2 = EXACT.cast(r2).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r3).rearrange(UP1), SET1);
        r3 = EXACT.cast(r3).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r6).rearrange(UP1), SET1);
        r6 = EXACT.cast(r6).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r5;
        r5 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP1), SET1);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        // Stage 2: rows 4 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r4).rearrange(UP2), SET2);
        r4 = EXACT.cast(r4).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r5).rearrange(UP2), SET2);
        r5 = EXACT.cast(r5).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r6).rearrange(UP2), SET2);
        r6 = EXACT.cast(r6).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r3;
        r3 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP2), SET2);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        EXACT.cast(r0).intoArray(dst, to);
        EXACT.cast(r1).intoArray(dst, to + 1 * dstStride);
        EXACT.cast(r2).intoArray(dst, to + 2 * dstStride);
        EXACT.cast(r3).intoArray(dst, to + 3 * dstStride);
        EXACT.cast(r4).intoArray(dst, to + 4 * dstStride);
        EXACT.cast(r5).intoArray(dst, to + 5 * dstStride);
        EXACT.cast(r6).intoArray(dst, to + 6 * dstStride);
        EXACT.cast(r7).intoArray(dst, to + 7 * dstStride);
    }

    /** {@link #block} in one method: sixteen loads, the four stages, sixteen stores. */
    private static void wholeBlock(float[] src, int from, int srcStride, float[] dst, int to, int dstStride) {
        FloatVector r0 = EXACT.cast(FloatVector.fromArray(S, src, from));
        FloatVector r1 = EXACT.cast(FloatVector.fromArray(S, src, from + 1 * srcStride));
        FloatVector r2 = EXACT.cast(FloatVector.fromArray(S, src, from + 2 * srcStride));
        FloatVector r3 = EXACT.cast(FloatVector.fromArray(S, src, from + 3 * srcStride));
        FloatVector r4 = EXACT.cast(FloatVector.fromArray(S, src, from + 4 * srcStride));
        FloatVector r5 = EXACT.cast(FloatVector.fromArray(S, src, from + 5 * srcStride));
        FloatVector r6 = EXACT.cast(FloatVector.fromArray(S, src, from + 6 * srcStride));
        FloatVector r7 = EXACT.cast(FloatVector.fromArray(S, src, from + 7 * srcStride));
        FloatVector r8 = EXACT.cast(FloatVector.fromArray(S, src, from + 8 * srcStride));
        FloatVector r9 = EXACT.cast(FloatVector.fromArray(S, src, from + 9 * srcStride));
        FloatVector r10 = EXACT.cast(FloatVector.fromArray(S, src, from + 10 * srcStride));
        FloatVector r11 = EXACT.cast(FloatVector.fromArray(S, src, from + 11 * srcStride));
        FloatVector r12 = EXACT.cast(FloatVector.fromArray(S, src, from + 12 * srcStride));
        FloatVector r13 = EXACT.cast(FloatVector.fromArray(S, src, from + 13 * srcStride));
        FloatVector r14 = EXACT.cast(FloatVector.fromArray(S, src, from + 14 * srcStride));
        FloatVector r15 = EXACT.cast(FloatVector.fromArray(S, src, from + 15 * srcStride));
        FloatVector x;
        // Stage 0: rows 1 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r1).rearrange(UP0), SET0);
        r1 = EXACT.cast(r1).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r3).rearrange(UP0), SET0);
        r3 = EXACT.cast(r3).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r5).rearrange(UP0), SET0);
        r5 = EXACT.cast(r5).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r6;
        r6 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP0), SET0);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r8;
        r8 = EXACT.cast(x).blend(EXACT.cast(r9).rearrange(UP0), SET0);
        r9 = EXACT.cast(r9).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r10;
        r10 = EXACT.cast(x).blend(EXACT.cast(r11).rearrange(UP0), SET0);
        r11 = EXACT.cast(r11).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r12;
        r12 = EXACT.cast(x).blend(EXACT.cast(r13).rearrange(UP0), SET0);
        r13 = EXACT.cast(r13).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r14;
        r14 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP0), SET0);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        // Stage 1: rows 2 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r2).rearrange(UP1), SET1);
        r2 = EXACT.cast(r2).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r3).rearrange(UP1), SET1);
        r3 = EXACT.cast(r3).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r6).rearrange(UP1), SET1);
        r6 = EXACT.cast(r6).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r5;
        r5 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP1), SET1);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r8;
        r8 = EXACT.cast(x).blend(EXACT.cast(r10).rearrange(UP1), SET1);
        r10 = EXACT.cast(r10).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r9;
        r9 = EXACT.cast(x).blend(EXACT.cast(r11).rearrange(UP1), SET1);
        r11 = EXACT.cast(r11).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r12;
        r12 = EXACT.cast(x).blend(EXACT.cast(r14).rearrange(UP1), SET1);
        r14 = EXACT.cast(r14).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r13;
        r13 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP1), SET1);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        // Stage 2: rows 4 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r4).rearrange(UP2), SET2);
        r4 = EXACT.cast(r4).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r5).rearrange(UP2), SET2);
        r5 = EXACT.cast(r5).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r6).rearrange(UP2), SET2);
        r6 = EXACT.cast(r6).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r3;
        r3 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP2), SET2);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r8;
        r8 = EXACT.cast(x).blend(EXACT.cast(r12).rearrange(UP2), SET2);
        r12 = EXACT.cast(r12).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r9;
        r9 = EXACT.cast(x).blend(EXACT.cast(r13).rearrange(UP2), SET2);
        r13 = EXACT.cast(r13).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r10;
        r10 = EXACT.cast(x).blend(EXACT.cast(r14).rearrange(UP2), SET2);
        r14 = EXACT.cast(r14).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r11;
        r11 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP2), SET2);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        // Stage 3: rows 8 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r8).rearrange(UP3), SET3);
        r8 = EXACT.cast(r8).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r9).rearrange(UP3), SET3);
        r9 = EXACT.cast(r9).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r10).rearrange(UP3), SET3);
        r10 = EXACT.cast(r10).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r3;
        r3 = EXACT.cast(x).blend(EXACT.cast(r11).rearrange(UP3), SET3);
        r11 = EXACT.cast(r11).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r12).rearrange(UP3), SET3);
        r12 = EXACT.cast(r12).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r5;
        r5 = EXACT.cast(x).blend(EXACT.cast(r13).rearrange(UP3), SET3);
        r13 = EXACT.cast(r13).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r6;
        r6 = EXACT.cast(x).blend(EXACT.cast(r14).rearrange(UP3), SET3);
        r14 = EXACT.cast(r14).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r7;
        r7 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP3), SET3);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        EXACT.cast(r0).intoArray(dst, to);
        EXACT.cast(r1).intoArray(dst, to + 1 * dstStride);
        EXACT.cast(r2).intoArray(dst, to + 2 * dstStride);
        EXACT.cast(r3).intoArray(dst, to + 3 * dstStride);
        EXACT.cast(r4).intoArray(dst, to + 4 * dstStride);
        EXACT.cast(r5).intoArray(dst, to + 5 * dstStride);
        EXACT.cast(r6).intoArray(dst, to + 6 * dstStride);
        EXACT.cast(r7).intoArray(dst, to + 7 * dstStride);
        EXACT.cast(r8).intoArray(dst, to + 8 * dstStride);
        EXACT.cast(r9).intoArray(dst, to + 9 * dstStride);
        EXACT.cast(r10).intoArray(dst, to + 10 * dstStride);
        EXACT.cast(r11).intoArray(dst, to + 11 * dstStride);
        EXACT.cast(r12).intoArray(dst, to + 12 * dstStride);
        EXACT.cast(r13).intoArray(dst, to + 13 * dstStride);
        EXACT.cast(r14).intoArray(dst, to + 14 * dstStride);
        EXACT.cast(r15).intoArray(dst, to + 15 * dstStride);
    }

    /** The first half of {@link #block}: the rows loaded from {@code src}, stages 0 and 1, the rows stored at {@code dst}. */
    private static void blockLowStages(float[] src, int from, int srcStride, float[] dst, int to, int dstStride) {
        FloatVector r0 = EXACT.cast(FloatVector.fromArray(S, src, from));
        FloatVector r1 = EXACT.cast(FloatVector.fromArray(S, src, from + 1 * srcStride));
        FloatVector r2 = EXACT.cast(FloatVector.fromArray(S, src, from + 2 * srcStride));
        FloatVector r3 = EXACT.cast(FloatVector.fromArray(S, src, from + 3 * srcStride));
        FloatVector r4 = EXACT.cast(FloatVector.fromArray(S, src, from + 4 * srcStride));
        FloatVector r5 = EXACT.cast(FloatVector.fromArray(S, src, from + 5 * srcStride));
        FloatVector r6 = EXACT.cast(FloatVector.fromArray(S, src, from + 6 * srcStride));
        FloatVector r7 = EXACT.cast(FloatVector.fromArray(S, src, from + 7 * srcStride));
        FloatVector r8 = EXACT.cast(FloatVector.fromArray(S, src, from + 8 * srcStride));
        FloatVector r9 = EXACT.cast(FloatVector.fromArray(S, src, from + 9 * srcStride));
        FloatVector r10 = EXACT.cast(FloatVector.fromArray(S, src, from + 10 * srcStride));
        FloatVector r11 = EXACT.cast(FloatVector.fromArray(S, src, from + 11 * srcStride));
        FloatVector r12 = EXACT.cast(FloatVector.fromArray(S, src, from + 12 * srcStride));
        FloatVector r13 = EXACT.cast(FloatVector.fromArray(S, src, from + 13 * srcStride));
        FloatVector r14 = EXACT.cast(FloatVector.fromArray(S, src, from + 14 * srcStride));
        FloatVector r15 = EXACT.cast(FloatVector.fromArray(S, src, from + 15 * srcStride));
        FloatVector x;
        // Stage 0: rows 1 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r1).rearrange(UP0), SET0);
        r1 = EXACT.cast(r1).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r3).rearrange(UP0), SET0);
        r3 = EXACT.cast(r3).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r5).rearrange(UP0), SET0);
        r5 = EXACT.cast(r5).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r6;
        r6 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP0), SET0);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r8;
        r8 = EXACT.cast(x).blend(EXACT.cast(r9).rearrange(UP0), SET0);
        r9 = EXACT.cast(r9).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r10;
        r10 = EXACT.cast(x).blend(EXACT.cast(r11).rearrange(UP0), SET0);
        r11 = EXACT.cast(r11).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r12;
        r12 = EXACT.cast(x).blend(EXACT.cast(r13).rearrange(UP0), SET0);
        r13 = EXACT.cast(r13).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        x = r14;
        r14 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP0), SET0);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN0), CLEAR0);
        // Stage 1: rows 2 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r2).rearrange(UP1), SET1);
        r2 = EXACT.cast(r2).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r3).rearrange(UP1), SET1);
        r3 = EXACT.cast(r3).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r6).rearrange(UP1), SET1);
        r6 = EXACT.cast(r6).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r5;
        r5 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP1), SET1);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r8;
        r8 = EXACT.cast(x).blend(EXACT.cast(r10).rearrange(UP1), SET1);
        r10 = EXACT.cast(r10).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r9;
        r9 = EXACT.cast(x).blend(EXACT.cast(r11).rearrange(UP1), SET1);
        r11 = EXACT.cast(r11).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r12;
        r12 = EXACT.cast(x).blend(EXACT.cast(r14).rearrange(UP1), SET1);
        r14 = EXACT.cast(r14).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        x = r13;
        r13 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP1), SET1);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN1), CLEAR1);
        EXACT.cast(r0).intoArray(dst, to);
        EXACT.cast(r1).intoArray(dst, to + 1 * dstStride);
        EXACT.cast(r2).intoArray(dst, to + 2 * dstStride);
        EXACT.cast(r3).intoArray(dst, to + 3 * dstStride);
        EXACT.cast(r4).intoArray(dst, to + 4 * dstStride);
        EXACT.cast(r5).intoArray(dst, to + 5 * dstStride);
        EXACT.cast(r6).intoArray(dst, to + 6 * dstStride);
        EXACT.cast(r7).intoArray(dst, to + 7 * dstStride);
        EXACT.cast(r8).intoArray(dst, to + 8 * dstStride);
        EXACT.cast(r9).intoArray(dst, to + 9 * dstStride);
        EXACT.cast(r10).intoArray(dst, to + 10 * dstStride);
        EXACT.cast(r11).intoArray(dst, to + 11 * dstStride);
        EXACT.cast(r12).intoArray(dst, to + 12 * dstStride);
        EXACT.cast(r13).intoArray(dst, to + 13 * dstStride);
        EXACT.cast(r14).intoArray(dst, to + 14 * dstStride);
        EXACT.cast(r15).intoArray(dst, to + 15 * dstStride);
    }

    /** The second half of {@link #block}: the rows the first half stored loaded from {@code src}, stages 2 and 3, the rows stored at {@code dst}. */
    private static void blockHighStages(float[] src, int from, int srcStride, float[] dst, int to, int dstStride) {
        FloatVector r0 = EXACT.cast(FloatVector.fromArray(S, src, from));
        FloatVector r1 = EXACT.cast(FloatVector.fromArray(S, src, from + 1 * srcStride));
        FloatVector r2 = EXACT.cast(FloatVector.fromArray(S, src, from + 2 * srcStride));
        FloatVector r3 = EXACT.cast(FloatVector.fromArray(S, src, from + 3 * srcStride));
        FloatVector r4 = EXACT.cast(FloatVector.fromArray(S, src, from + 4 * srcStride));
        FloatVector r5 = EXACT.cast(FloatVector.fromArray(S, src, from + 5 * srcStride));
        FloatVector r6 = EXACT.cast(FloatVector.fromArray(S, src, from + 6 * srcStride));
        FloatVector r7 = EXACT.cast(FloatVector.fromArray(S, src, from + 7 * srcStride));
        FloatVector r8 = EXACT.cast(FloatVector.fromArray(S, src, from + 8 * srcStride));
        FloatVector r9 = EXACT.cast(FloatVector.fromArray(S, src, from + 9 * srcStride));
        FloatVector r10 = EXACT.cast(FloatVector.fromArray(S, src, from + 10 * srcStride));
        FloatVector r11 = EXACT.cast(FloatVector.fromArray(S, src, from + 11 * srcStride));
        FloatVector r12 = EXACT.cast(FloatVector.fromArray(S, src, from + 12 * srcStride));
        FloatVector r13 = EXACT.cast(FloatVector.fromArray(S, src, from + 13 * srcStride));
        FloatVector r14 = EXACT.cast(FloatVector.fromArray(S, src, from + 14 * srcStride));
        FloatVector r15 = EXACT.cast(FloatVector.fromArray(S, src, from + 15 * srcStride));
        FloatVector x;
        // Stage 2: rows 4 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r4).rearrange(UP2), SET2);
        r4 = EXACT.cast(r4).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r5).rearrange(UP2), SET2);
        r5 = EXACT.cast(r5).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r6).rearrange(UP2), SET2);
        r6 = EXACT.cast(r6).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r3;
        r3 = EXACT.cast(x).blend(EXACT.cast(r7).rearrange(UP2), SET2);
        r7 = EXACT.cast(r7).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r8;
        r8 = EXACT.cast(x).blend(EXACT.cast(r12).rearrange(UP2), SET2);
        r12 = EXACT.cast(r12).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r9;
        r9 = EXACT.cast(x).blend(EXACT.cast(r13).rearrange(UP2), SET2);
        r13 = EXACT.cast(r13).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r10;
        r10 = EXACT.cast(x).blend(EXACT.cast(r14).rearrange(UP2), SET2);
        r14 = EXACT.cast(r14).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        x = r11;
        r11 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP2), SET2);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN2), CLEAR2);
        // Stage 3: rows 8 apart.
        x = r0;
        r0 = EXACT.cast(x).blend(EXACT.cast(r8).rearrange(UP3), SET3);
        r8 = EXACT.cast(r8).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r1;
        r1 = EXACT.cast(x).blend(EXACT.cast(r9).rearrange(UP3), SET3);
        r9 = EXACT.cast(r9).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r2;
        r2 = EXACT.cast(x).blend(EXACT.cast(r10).rearrange(UP3), SET3);
        r10 = EXACT.cast(r10).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r3;
        r3 = EXACT.cast(x).blend(EXACT.cast(r11).rearrange(UP3), SET3);
        r11 = EXACT.cast(r11).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r4;
        r4 = EXACT.cast(x).blend(EXACT.cast(r12).rearrange(UP3), SET3);
        r12 = EXACT.cast(r12).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r5;
        r5 = EXACT.cast(x).blend(EXACT.cast(r13).rearrange(UP3), SET3);
        r13 = EXACT.cast(r13).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r6;
        r6 = EXACT.cast(x).blend(EXACT.cast(r14).rearrange(UP3), SET3);
        r14 = EXACT.cast(r14).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        x = r7;
        r7 = EXACT.cast(x).blend(EXACT.cast(r15).rearrange(UP3), SET3);
        r15 = EXACT.cast(r15).blend(EXACT.cast(x).rearrange(DOWN3), CLEAR3);
        EXACT.cast(r0).intoArray(dst, to);
        EXACT.cast(r1).intoArray(dst, to + 1 * dstStride);
        EXACT.cast(r2).intoArray(dst, to + 2 * dstStride);
        EXACT.cast(r3).intoArray(dst, to + 3 * dstStride);
        EXACT.cast(r4).intoArray(dst, to + 4 * dstStride);
        EXACT.cast(r5).intoArray(dst, to + 5 * dstStride);
        EXACT.cast(r6).intoArray(dst, to + 6 * dstStride);
        EXACT.cast(r7).intoArray(dst, to + 7 * dstStride);
        EXACT.cast(r8).intoArray(dst, to + 8 * dstStride);
        EXACT.cast(r9).intoArray(dst, to + 9 * dstStride);
        EXACT.cast(r10).intoArray(dst, to + 10 * dstStride);
        EXACT.cast(r11).intoArray(dst, to + 11 * dstStride);
        EXACT.cast(r12).intoArray(dst, to + 12 * dstStride);
        EXACT.cast(r13).intoArray(dst, to + 13 * dstStride);
        EXACT.cast(r14).intoArray(dst, to + 14 * dstStride);
        EXACT.cast(r15).intoArray(dst, to + 15 * dstStride);
    }

    /** Stage {@code bit}'s lane sources: UP moves a row's lanes {@code 2^bit} higher, DOWN lower. */
    private static VectorShuffle<Float> shift(int bit, boolean up) {
        int k = 1 << bit;
        int[] from = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            boolean set = (l & k) != 0;
            from[l] = up == set ? (up ? l - k : l + k) : l; // the other lanes are not taken
        }
        return VectorShuffle.fromArray(S, from, 0);
    }

    /** The lanes whose index has bit {@code bit} set (or, with {@code set} false, clear). */
    private static VectorMask<Float> bitSet(int bit, boolean set) {
        boolean[] lanes = new boolean[LANES];
        for (int l = 0; l < LANES; l++) {
            lanes[l] = ((l & (1 << bit)) != 0) == set;
        }
        return VectorMask.fromArray(S, lanes, 0);
    }

    /** {@code dst[dstOff + j * rows + i] = src[srcOff + i * cols + j]}; see {@code FloatOps.transpose}. */
    static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        transpose(src, srcOff, cols, rows, cols, dst, dstOff, rows);
    }

    /**
     * {@code dst[dstOff + j * dstStride + i] = src[srcOff + i * srcStride + j]} for {@code i < rows},
     * {@code j < cols}: a {@code rows x cols} matrix whose rows lie {@code srcStride} apart,
     * transposed into rows {@code dstStride} apart. The arrays must not overlap.
     */
    static void transpose(
            float[] src, int srcOff, int srcStride, int rows, int cols, float[] dst, int dstOff, int dstStride) {
        if (rows < LANES) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    dst[dstOff + j * dstStride + i] = src[srcOff + i * srcStride + j];
                }
            }
            return;
        }
        boolean blocks = BLOCKS && cols >= LANES;
        float[] between = blocks && HALVES ? BETWEEN.get() : null;
        int[] column = null; // a gather's offsets: a row apart
        if (!blocks) {
            column = new int[LANES];
            for (int l = 0; l < LANES; l++) {
                column[l] = l * srcStride;
            }
        }
        // Where rows (or columns) do not fill the last block, it starts a vector before the end and
        // overlaps the one before: a copy, so writing those elements again changes nothing.
        for (int i0 = 0; i0 < rows; i0 += LANES) {
            int i = Math.min(i0, rows - LANES);
            if (blocks) {
                for (int j0 = 0; j0 < cols; j0 += LANES) {
                    int j = Math.min(j0, cols - LANES);
                    block(
                            src,
                            srcOff + i * srcStride + j,
                            srcStride,
                            dst,
                            dstOff + j * dstStride + i,
                            dstStride,
                            between);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    EXACT.cast(FloatVector.fromArray(S, src, srcOff + i * srcStride + j, column, 0))
                            .intoArray(dst, dstOff + j * dstStride + i);
                }
            }
        }
    }
}
