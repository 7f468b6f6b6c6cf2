package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 max pooling of one plane a vector of windows at a time: each window's four inputs gathered
 * from its top-left corner, or, in stride-2 planes whose rows fill most of a vector ({@link
 * #byRows}), read as two vectors from each input row and split into even and odd columns by lane
 * moves (the gathers took more of conv1's fused forward pass than the convolution); the maximum
 * and its index kept by compare and blend in the scalar code's order (top-left, top-right,
 * bottom-left, bottom-right; a later input wins only when greater, or NaN where the maximum is not
 * yet NaN), so the same values and argmax.
 *
 * <p>The float vectors and masks are cast to their exact classes before each call on them ({@link
 * ExactVectorClass}): in the airbench training step, where other kernels' vector calls share the
 * Vector API's call sites, the float blends ran in Java and boxed their vectors until they were
 * (docs/performance.md, "eighteenth round"). The int side is left as it was: with the same casts
 * its adds, blends and mask casts boxed instead, 25 MB more a step. The gathers check their
 * indices inside the JDK with int vectors no cast here reaches, so this kernel still leans on the
 * type profile; {@code MaxPool2dKernelsTest} checks that it stops allocating once compiled.
 */
final class VectorMaxPool {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final Class<? extends FloatVector> FX = ExactVectorClass.CLASS;

    @SuppressWarnings("unchecked")
    private static final Class<? extends VectorMask<Float>> FMX = (Class<? extends VectorMask<Float>>)
            FloatVector.zero(S).compare(VectorOperators.EQ, 0).getClass();

    /** Lane l: 2l, the column of window l's corner from the chunk's. */
    private static final int[] CORNERS = new int[16];

    static {
        for (int l = 0; l < CORNERS.length; l++) {
            CORNERS[l] = 2 * l;
        }
    }

    /** Whether {@link #rows} may be taken; {@code -Dtauon.simd.poolByRows=false} gathers instead, for measuring. */
    static final boolean BY_ROWS = Boolean.parseBoolean(System.getProperty("tauon.simd.poolByRows", "true"));

    /**
     * Whether stride-2 planes of rows of {@code outW} windows go by {@link #rows}: when its chunks of
     * 16 windows are at least three quarters used ({@code outW} within a quarter vector below a
     * multiple of 16). Measured on Zen 5 (docs/performance.md, twentieth round): 15 windows a row
     * (pool1) 1.5-1.6x the gathers; 6 (pool2) 0.55-0.65x.
     */
    static boolean byRows(int outW) {
        int chunks = (outW + 15) / 16;
        return BY_ROWS && S.length() == 16 && I.length() == 16 && 4 * outW >= 3 * 16 * chunks;
    }

    /** Per thread: one chunk's maxima and indices, for rows whose vector would reach past the plane. */
    private static final ThreadLocal<Row> ROW = ThreadLocal.withInitial(Row::new);

    private static final class Row {
        final float[] max = new float[16];
        final int[] best = new int[16];
    }

    private VectorMaxPool() {}

    /**
     * 2x2 stride-2 pooling of a plane ({@code outH} rows of {@code outW} windows, input rows {@code w}
     * apart) in chunks of 16 windows of one output row, read as two vectors from each input row and
     * split into even and odd columns by lane moves. Only where {@link #byRows} says so (16-lane
     * vectors). Returns how many rows were done, from the first (the rest, where rows are narrower
     * than 16 windows and a chunk would read past {@code x}'s end, are left to the caller).
     */
    static int rows(float[] x, int in, int w, int outH, int outW, float[] out, int[] argmax, int o) {
        // Rows of fewer than 16 windows store whole vectors: lanes past the row land on the next
        // rows' windows, stored again when they are done. Rows whose vector would reach past the
        // plane (into another plane, maybe another thread's) go through a scratch row instead.
        int direct = outW < 16 ? Math.max(0, Math.min(outH, (outH * outW - 16) / outW + 1)) : outH;
        for (int py = 0; py < outH; py++) {
            int rowTop = in + 2 * py * w;
            if (outW < 16 && rowTop + w + 32 > x.length) {
                return py;
            }
            for (int j0 = 0; j0 < outW; j0 += 16) {
                int j = Math.min(j0, Math.max(0, outW - 16));
                int top = rowTop + 2 * j;
                FloatVector t0 = FX.cast(FloatVector.fromArray(S, x, top));
                FloatVector t1 = FX.cast(FloatVector.fromArray(S, x, top + 16));
                FloatVector u0 = FX.cast(FloatVector.fromArray(S, x, top + w));
                FloatVector u1 = FX.cast(FloatVector.fromArray(S, x, top + w + 16));
                FloatVector max = FX.cast(FX.cast(t0.rearrange(EvenOddLanes.EVENS))
                        .blend(t1.rearrange(EvenOddLanes.EVENS), EvenOddLanes.UPPER));
                FloatVector b = FX.cast(FX.cast(t0.rearrange(EvenOddLanes.ODDS))
                        .blend(t1.rearrange(EvenOddLanes.ODDS), EvenOddLanes.UPPER));
                FloatVector c = FX.cast(FX.cast(u0.rearrange(EvenOddLanes.EVENS))
                        .blend(u1.rearrange(EvenOddLanes.EVENS), EvenOddLanes.UPPER));
                FloatVector d = FX.cast(FX.cast(u0.rearrange(EvenOddLanes.ODDS))
                        .blend(u1.rearrange(EvenOddLanes.ODDS), EvenOddLanes.UPPER));
                // Loaded here, not once before the loop: a vector from before a loop can lose its
                // exact type in C2 and box (one in six JVMs allocated 80 bytes a call).
                IntVector corner = IntVector.fromArray(I, CORNERS, 0).add(top);
                IntVector best = corner;
                VectorMask<Float> take = FMX.cast(FMX.cast(FMX.cast(FX.cast(b).compare(VectorOperators.LE, max))
                                .not())
                        .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                max = FX.cast(FX.cast(max).blend(b, take));
                best = best.blend(corner.add(1), take.cast(I));
                take = FMX.cast(FMX.cast(FMX.cast(FX.cast(c).compare(VectorOperators.LE, max))
                                .not())
                        .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                max = FX.cast(FX.cast(max).blend(c, take));
                best = best.blend(corner.add(w), take.cast(I));
                take = FMX.cast(FMX.cast(FMX.cast(FX.cast(d).compare(VectorOperators.LE, max))
                                .not())
                        .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                max = FX.cast(FX.cast(max).blend(d, take));
                best = best.blend(corner.add(w + 1), take.cast(I));
                if (py < direct) {
                    FX.cast(max).intoArray(out, o + py * outW + j);
                    best.intoArray(argmax, o + py * outW + j);
                } else {
                    Row row = ROW.get();
                    FX.cast(max).intoArray(row.max, 0);
                    best.intoArray(row.best, 0);
                    System.arraycopy(row.max, 0, out, o + py * outW, outW);
                    System.arraycopy(row.best, 0, argmax, o + py * outW, outW);
                }
            }
        }
        return outH;
    }

    /**
     * The windows {@code j < done} of {@code FloatOps.maxPool2x2Plane} (window {@code j}'s top-left
     * input at {@code x[in + tops[j]]}, rows {@code w} apart; its maximum to {@code
     * out[o + j]}, that input's index in {@code x} to {@code argmax[o + j]}), where {@code done}, the
     * return value, is the windows in whole vectors; -1, having done nothing, when int and float
     * vectors differ in lanes.
     */
    static int plane(float[] x, int in, int w, int windows, int[] tops, float[] out, int[] argmax, int o) {
        if (I.length() != S.length()) {
            return -1;
        }
        int bound = S.loopBound(windows);
        for (int j = 0; j < bound; j += S.length()) {
            IntVector corner = IntVector.fromArray(I, tops, j).add(in);
            IntVector best = corner;
            FloatVector max = FX.cast(FloatVector.fromArray(S, x, in, tops, j));
            // "not v <= max, and max == max": greater, or NaN over a maximum that is not NaN. JDK 17
            // and 25 ran test(IS_NAN) and andNot on 512-bit masks in Java, boxing every vector.
            FloatVector b = FX.cast(FloatVector.fromArray(S, x, in + 1, tops, j));
            VectorMask<Float> take = FMX.cast(FMX.cast(FMX.cast(FX.cast(b).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(b, take));
            best = best.blend(corner.add(1), take.cast(I));
            FloatVector c = FX.cast(FloatVector.fromArray(S, x, in + w, tops, j));
            take = FMX.cast(FMX.cast(FMX.cast(FX.cast(c).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(c, take));
            best = best.blend(corner.add(w), take.cast(I));
            FloatVector d = FX.cast(FloatVector.fromArray(S, x, in + w + 1, tops, j));
            take = FMX.cast(FMX.cast(FMX.cast(FX.cast(d).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(d, take));
            best = best.blend(corner.add(w + 1), take.cast(I));
            FX.cast(max).intoArray(out, o + j);
            best.intoArray(argmax, o + j);
        }
        return bound;
    }

    /**
     * {@link #rows} without the argmax, for a forward pass no backward pass follows (inference): the
     * same maxima by the same compares and blends, with none of the index vectors. Written out
     * again, not shared: a helper taking or returning vectors boxes them where C2 does not inline it.
     */
    static int rowsValues(float[] x, int in, int w, int outH, int outW, float[] out, int o) {
        int direct = outW < 16 ? Math.max(0, Math.min(outH, (outH * outW - 16) / outW + 1)) : outH;
        for (int py = 0; py < outH; py++) {
            int rowTop = in + 2 * py * w;
            if (outW < 16 && rowTop + w + 32 > x.length) {
                return py;
            }
            for (int j0 = 0; j0 < outW; j0 += 16) {
                int j = Math.min(j0, Math.max(0, outW - 16));
                int top = rowTop + 2 * j;
                FloatVector t0 = FX.cast(FloatVector.fromArray(S, x, top));
                FloatVector t1 = FX.cast(FloatVector.fromArray(S, x, top + 16));
                FloatVector u0 = FX.cast(FloatVector.fromArray(S, x, top + w));
                FloatVector u1 = FX.cast(FloatVector.fromArray(S, x, top + w + 16));
                FloatVector max = FX.cast(FX.cast(t0.rearrange(EvenOddLanes.EVENS))
                        .blend(t1.rearrange(EvenOddLanes.EVENS), EvenOddLanes.UPPER));
                FloatVector b = FX.cast(FX.cast(t0.rearrange(EvenOddLanes.ODDS))
                        .blend(t1.rearrange(EvenOddLanes.ODDS), EvenOddLanes.UPPER));
                FloatVector c = FX.cast(FX.cast(u0.rearrange(EvenOddLanes.EVENS))
                        .blend(u1.rearrange(EvenOddLanes.EVENS), EvenOddLanes.UPPER));
                FloatVector d = FX.cast(FX.cast(u0.rearrange(EvenOddLanes.ODDS))
                        .blend(u1.rearrange(EvenOddLanes.ODDS), EvenOddLanes.UPPER));
                VectorMask<Float> take = FMX.cast(FMX.cast(FMX.cast(FX.cast(b).compare(VectorOperators.LE, max))
                                .not())
                        .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                max = FX.cast(FX.cast(max).blend(b, take));
                take = FMX.cast(FMX.cast(FMX.cast(FX.cast(c).compare(VectorOperators.LE, max))
                                .not())
                        .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                max = FX.cast(FX.cast(max).blend(c, take));
                take = FMX.cast(FMX.cast(FMX.cast(FX.cast(d).compare(VectorOperators.LE, max))
                                .not())
                        .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                max = FX.cast(FX.cast(max).blend(d, take));
                if (py < direct) {
                    FX.cast(max).intoArray(out, o + py * outW + j);
                } else {
                    Row row = ROW.get();
                    FX.cast(max).intoArray(row.max, 0);
                    System.arraycopy(row.max, 0, out, o + py * outW, outW);
                }
            }
        }
        return outH;
    }

    /** {@link #plane} without the argmax (see {@link #rowsValues}); -1 where {@link #plane} would. */
    static int planeValues(float[] x, int in, int w, int windows, int[] tops, float[] out, int o) {
        if (I.length() != S.length()) {
            return -1;
        }
        int bound = S.loopBound(windows);
        for (int j = 0; j < bound; j += S.length()) {
            FloatVector max = FX.cast(FloatVector.fromArray(S, x, in, tops, j));
            FloatVector b = FX.cast(FloatVector.fromArray(S, x, in + 1, tops, j));
            VectorMask<Float> take = FMX.cast(FMX.cast(FMX.cast(FX.cast(b).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(b, take));
            FloatVector c = FX.cast(FloatVector.fromArray(S, x, in + w, tops, j));
            take = FMX.cast(FMX.cast(FMX.cast(FX.cast(c).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(c, take));
            FloatVector d = FX.cast(FloatVector.fromArray(S, x, in + w + 1, tops, j));
            take = FMX.cast(FMX.cast(FMX.cast(FX.cast(d).compare(VectorOperators.LE, max))
                            .not())
                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
            max = FX.cast(FX.cast(max).blend(d, take));
            FX.cast(max).intoArray(out, o + j);
        }
        return bound;
    }

    /**
     * {@code FloatOps.maxPool2x2ChannelsLast}: a window's four pixels are four runs of {@code
     * channels} floats, taken a vector of channels at a time with the compares and blends of {@link
     * #rows} (no lane moves: the channels are the lanes); channels past the last whole vector by the
     * scalar rule. Returns the channels done a window (a multiple of the vector length).
     */
    static int channelsLast(float[] src, int srcOff, int channels, int outW, int poolH, int poolW, float[] dst) {
        int whole = channels - channels % S.length();
        for (int py = 0; py < poolH; py++) {
            for (int px = 0; px < poolW; px++) {
                int top = srcOff + (2 * py * outW + 2 * px) * channels;
                int to = (py * poolW + px) * channels;
                for (int ch = 0; ch < whole; ch += S.length()) {
                    FloatVector max = FX.cast(FloatVector.fromArray(S, src, top + ch));
                    FloatVector b = FX.cast(FloatVector.fromArray(S, src, top + channels + ch));
                    VectorMask<Float> take =
                            FMX.cast(FMX.cast(FMX.cast(FX.cast(b).compare(VectorOperators.LE, max))
                                            .not())
                                    .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                    max = FX.cast(FX.cast(max).blend(b, take));
                    FloatVector c = FX.cast(FloatVector.fromArray(S, src, top + outW * channels + ch));
                    take = FMX.cast(FMX.cast(FMX.cast(FX.cast(c).compare(VectorOperators.LE, max))
                                    .not())
                            .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                    max = FX.cast(FX.cast(max).blend(c, take));
                    FloatVector d = FX.cast(FloatVector.fromArray(S, src, top + (outW + 1) * channels + ch));
                    take = FMX.cast(FMX.cast(FMX.cast(FX.cast(d).compare(VectorOperators.LE, max))
                                    .not())
                            .and(FX.cast(max).compare(VectorOperators.EQ, max)));
                    max = FX.cast(FX.cast(max).blend(d, take));
                    FX.cast(max).intoArray(dst, to + ch);
                }
            }
        }
        return whole;
    }
}
