package dev.tauon.core.internal.simd;

import dev.tauon.core.internal.kernel.DirectConvTileKernel;
import dev.tauon.core.internal.kernel.FilterLanesTileKernel;
import dev.tauon.core.internal.kernel.FloatOps;
import dev.tauon.core.internal.kernel.GemmBlockKernel;
import dev.tauon.core.internal.kernel.MaxPool2dKernels;
import dev.tauon.core.internal.kernel.RowDotKernel;
import dev.tauon.core.internal.kernel.ShiftedRowsKernel;
import dev.tauon.core.internal.kernel.TapTileKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The provider backed by the incubating Vector API. Loaded reflectively by
 * {@code dev.tauon.core.internal.kernel.SimdSupport} only when module {@code jdk.incubator.vector} is
 * readable, so no other class ever links against incubator types.
 */
public final class VectorApiOps implements FloatOps {

    // maxPool2x2Row keeps the interface's scalar default on purpose: a Vector API version
    // (masked loads, two-vector even/odd rearrange, compare-and-blend) measured 3x slower than the
    // scalar loop on JDK 17 and at best 2x faster on JDK 25, so it is not worth carrying.
    // maxPool2x2Plane gathers instead (see there).

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Rows of the register tiles of the GEMM and direct convolution kernels ({@link TileRows}). */
    private final int tileRows;

    private final DirectConvTileKernel directConv;

    /** The provider with this machine's tile height. */
    public VectorApiOps() {
        this(TileRows.forThisMachine());
    }

    /** The provider with register tiles of {@code tileRows} rows (6 or 8), whatever the machine. */
    public VectorApiOps(int tileRows) {
        this.tileRows = TileRows.check(tileRows);
        this.directConv = new VectorDirectConvKernel(tileRows);
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String describe() {
        return "vector (" + S.vectorBitSize() + "-bit, tiles of " + tileRows + " rows)";
    }

    @Override
    public GemmBlockKernel newGemmBlockKernel() {
        return new VectorGemmBlockKernel(tileRows);
    }

    @Override
    public void gelu(float[] x, float[] y, int from, int to) {
        VectorGelu.value(x, y, from, to);
    }

    @Override
    public void geluGradient(float[] x, float[] g, float[] gx, int from, int to) {
        VectorGelu.gradient(x, g, gx, from, to);
    }

    @Override
    public DirectConvTileKernel directConvKernel() {
        return directConv;
    }

    @Override
    public FilterLanesTileKernel filterLanesKernel() {
        return VectorFilterLanesKernel.forThisMachine();
    }

    @Override
    public TapTileKernel tapTileKernel(int channels) {
        return VectorTapTileKernel.forChannels(channels);
    }

    @Override
    public ShiftedRowsKernel shiftedRowsKernel() {
        return VectorShiftedRowsKernel.suits() ? VectorShiftedRowsKernel.INSTANCE : null;
    }

    @Override
    public RowDotKernel rowDotKernel() {
        return VectorRowDotKernel.suits() ? VectorRowDotKernel.INSTANCE : FloatOps.super.rowDotKernel();
    }

    @Override
    public void int8Levels(float[] x, int off, int length, float scale, float[] dst, int dstOff) {
        int done = VectorInt8Ops.levels(x, off, length, scale, dst, dstOff);
        FloatOps.super.int8Levels(x, off + done, length - done, scale, dst, dstOff + done);
    }

    @Override
    public void int8Rescale(
            float[] sums, int sumOff, int bias, float scale, float floor, float[] out, int outOff, int length) {
        int done = VectorInt8Ops.rescale(sums, sumOff, bias, scale, floor, out, outOff, length);
        FloatOps.super.int8Rescale(sums, sumOff + done, bias, scale, floor, out, outOff + done, length - done);
    }

    /**
     * Sixteen windows at a time, in output order across the plane's rows: each of a window's four
     * inputs is gathered through the table of window corners, so no lanes need shuffling (the
     * even/odd rearrange that made a row-wise version slow on JDK 17), and the same selection as the
     * scalar kernel (strictly greater wins, a first NaN wins over numbers) is made with compares and
     * blends ({@link VectorMaxPool}). The last windows go through the scalar kernel one by one.
     */
    @Override
    public void maxPool2x2Plane(
            float[] x,
            int in,
            int w,
            int strideH,
            int strideW,
            int outH,
            int outW,
            int[] tops,
            float[] out,
            int[] argmax,
            int o) {
        if (strideH == 2 && strideW == 2 && VectorMaxPool.byRows(outW)) {
            int rows = argmax == null
                    ? VectorMaxPool.rowsValues(x, in, w, outH, outW, out, o)
                    : VectorMaxPool.rows(x, in, w, outH, outW, out, argmax, o);
            for (int py = rows; py < outH; py++) {
                maxPool2x2Row(x, in + 2 * py * w, w, 2, out, argmax, o + py * outW, outW);
            }
            return;
        }
        int windows = outH * outW;
        int done = argmax == null
                ? VectorMaxPool.planeValues(x, in, w, windows, tops, out, o)
                : VectorMaxPool.plane(x, in, w, windows, tops, out, argmax, o);
        if (done < 0) {
            FloatOps.super.maxPool2x2Plane(x, in, w, strideH, strideW, outH, outW, tops, out, argmax, o);
            return;
        }
        for (int j = done; j < windows; j++) {
            maxPool2x2Row(x, in + tops[j], w, strideW, out, argmax, o + j, 1);
        }
    }

    /** A vector of channels at a time ({@link VectorMaxPool#channelsLast}); the channels past the last vector by the scalar rule. */
    @Override
    public void maxPool2x2ChannelsLast(
            float[] src, int srcOff, int channels, int outW, int poolH, int poolW, float[] dst) {
        int done = VectorMaxPool.channelsLast(src, srcOff, channels, outW, poolH, poolW, dst);
        if (done < channels) {
            MaxPool2dKernels.channelsLastFrom(done, src, srcOff, channels, outW, poolH, poolW, dst);
        }
    }

    /** C2 does not vectorise this loop itself: with two different offsets it cannot rule out overlap. */
    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int length) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            // The exact class, or without a type profile the store stays a call and boxes: see ExactVectorClass.
            ExactVectorClass.CLASS
                    .cast(FloatVector.fromArray(S, dst, dstOff + i))
                    .add(FloatVector.fromArray(S, src, srcOff + i))
                    .intoArray(dst, dstOff + i);
        }
        for (; i < length; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }

    /** A vector of channels at a time ({@link VectorWinogradInput}). */
    @Override
    public void winogradInput(float[] x, int[] windows, int tiles, int c, float[] v, int plane, int at) {
        VectorWinogradInput.transform(x, windows, tiles, c, v, plane, at);
    }

    /** A vector of an output row at a time, its even and odd lanes moved apart ({@link VectorTilePixels}). */
    @Override
    public void winogradTilePixels(float[] gradOut, int start, int outH, int outW, float[] q, int stride, int col0) {
        VectorTilePixels.pick(gradOut, start, outH, outW, q, stride, col0);
    }

    /** A vector of columns at a time, their even and odd lanes moved apart ({@link VectorWinogradInputPlane#split}). */
    @Override
    public void winogradSplit(float[] x, int at, int h, int w, int padH, int padW, float[] split, int half) {
        VectorWinogradInputPlane.split(x, at, h, w, padH, padW, split, half);
    }

    /** A vector of tiles at a time, a load per window element ({@link VectorWinogradInputPlane}). */
    @Override
    public void winogradInputPlane(float[] split, int half, int tilesH, int tilesW, float[] v, int plane, int at) {
        VectorWinogradInputPlane.transform(split, half, tilesH, tilesW, v, plane, at);
    }

    /** A vector of columns at a time ({@link VectorWinogradOutput}). */
    @Override
    public void winogradOutput(float[] m, int plane, int at, int count, float[] q, int stride) {
        VectorWinogradOutput.transform(m, plane, at, count, q, stride);
    }

    /** From registers to the output planes, a vector of tiles at a time ({@link VectorWinogradOutput#transformAndPlace}). */
    @Override
    public boolean winogradOutputPlaced(
            float[] m,
            int plane,
            int at,
            int count,
            int tiles,
            int outH,
            int outW,
            float[] bias,
            int filter,
            boolean relu,
            float[] out,
            int outAt,
            int imageStride) {
        return VectorWinogradOutput.transformAndPlace(
                m,
                plane,
                at,
                count,
                tiles,
                outH,
                outW,
                bias != null,
                bias == null ? 0f : bias[filter],
                relu,
                out,
                outAt,
                imageStride);
    }

    /** A vector of columns at a time ({@link VectorWinogradOutput}). */
    @Override
    public void winogradOutputGradient(float[] q, int stride, int count, float[] z, int plane, int at) {
        VectorWinogradOutput.gradient(q, stride, count, z, plane, at);
    }

    /** A vector of filters at a time ({@link VectorWinogradFilters}). */
    @Override
    public void winogradFilters(float[] w, boolean rotated, int o, int c, int oc0, int oc1, float[] u, int plane) {
        VectorWinogradFilters.transform(w, rotated, o, c, oc0, oc1, u, plane);
    }

    /** A vector of filters at a time ({@link VectorWinogradFilters}). */
    @Override
    public void winogradFilterGradients(float[] du, int plane, int from, int to, float[] g) {
        VectorWinogradFilters.gradient(du, plane, from, to, g);
    }

    /** A vector of rows at a time, each column's run gathered {@code cols} apart ({@link VectorTranspose}). */
    @Override
    public void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        VectorTranspose.transpose(src, srcOff, rows, cols, dst, dstOff);
    }

    @Override
    public void addRuns(
            float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int rows, int length) {
        if (dstStride < length || src == dst || length > 2 * S.length()) {
            // Runs that may overlap (one another, or a later run's source) keep the interface's
            // order, run by run through add; so do runs of more than two vectors, which were level (64
            // channels at 15x15) or slower (conv3's four rows of 64 channels: 3,406-3,830 -> 2,986-3,489
            // calls/s) down the rows.
            FloatOps.super.addRuns(src, srcOff, srcStride, dst, dstOff, dstStride, rows, length);
            return;
        }
        // Runs of one or two vectors (16 or 32 channels), the runs' vectors down the rows: an inner
        // loop as long as there are rows instead of one or two vectors long. conv2's input gradient
        // 697-820 -> 740-868 calls/s (medians of five runs each 723 -> 813), 16 channels at 15x15
        // 1,245-1,272 -> 1,366-1,370. The runs do not overlap, so each element takes its one add.
        int bound = S.loopBound(length);
        for (int i = 0; i < bound; i += S.length()) {
            for (int r = 0, from = srcOff + i, to = dstOff + i; r < rows; r++, from += srcStride, to += dstStride) {
                ExactVectorClass.CLASS
                        .cast(FloatVector.fromArray(S, dst, to))
                        .add(FloatVector.fromArray(S, src, from))
                        .intoArray(dst, to);
            }
        }
        for (int r = 0; r < rows && bound < length; r++) {
            int from = srcOff + r * srcStride;
            int to = dstOff + r * dstStride;
            for (int i = bound; i < length; i++) {
                dst[to + i] += src[from + i];
            }
        }
    }

    /**
     * With 16-lane vectors (AVX-512) the interface's order is one vector accumulator, with 8-lane
     * ones (AVX2) two, so either gives the same bits as the plain loops; with other widths the plain
     * loop is that order.
     */
    @Override
    public float sum(float[] a, int off, int length) {
        if (2 * S.length() == SUM_LANES) {
            return sumInTwoVectors(a, off, length);
        }
        if (S.length() != SUM_LANES) {
            return FloatOps.super.sum(a, off, length);
        }
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            acc = ExactVectorClass.CLASS.cast(acc).add(FloatVector.fromArray(S, a, off + i)); // see ExactVectorClass
        }
        acc = ExactVectorClass.CLASS.cast(acc);
        float tail = 0f;
        for (; i < length; i++) {
            tail += a[off + i];
        }
        // Not reduceLanes(ADD): the Vector API leaves its order unspecified, and on JDK 25 the
        // interpreted and the C2-compiled reduction gave different bits, so results changed once
        // the method was compiled. Adding the lanes in lane order gives one answer everywhere.
        float lanes = 0f;
        for (int l = 0; l < SUM_LANES; l++) {
            lanes += acc.lane(l);
        }
        return lanes + tail;
    }

    /**
     * {@link #sum} with 8-lane vectors (AVX2): partial sums 0-7 in one vector and 8-15 in another,
     * each element added to its partial as the 16-lane loop adds it, so the same bits. The plain
     * loop that stood here before ran the bias gradient at about 4% of a CNN training step.
     */
    private static float sumInTwoVectors(float[] a, int off, int length) {
        int half = S.length();
        FloatVector low = FloatVector.zero(S);
        FloatVector high = low;
        int i = 0;
        for (int bound = length - length % SUM_LANES; i < bound; i += SUM_LANES) {
            // Casts as in the one-vector loop: see ExactVectorClass.
            low = ExactVectorClass.CLASS.cast(low).add(FloatVector.fromArray(S, a, off + i));
            high = ExactVectorClass.CLASS.cast(high).add(FloatVector.fromArray(S, a, off + i + half));
        }
        low = ExactVectorClass.CLASS.cast(low);
        high = ExactVectorClass.CLASS.cast(high);
        float tail = 0f;
        for (; i < length; i++) {
            tail += a[off + i];
        }
        float lanes = 0f;
        for (int l = 0; l < half; l++) {
            lanes += low.lane(l);
        }
        for (int l = 0; l < half; l++) {
            lanes += high.lane(l);
        }
        return lanes + tail;
    }

    @Override
    public void reluBackward(float[] out, float[] g, float[] dst, int off, int length) {
        FloatVector zero = FloatVector.zero(S);
        int i = off;
        for (int bound = off + S.loopBound(length); i < bound; i += S.length()) {
            VectorMask<Float> positive = ExactVectorClass.CLASS
                    .cast(FloatVector.fromArray(S, out, i))
                    .compare(VectorOperators.GT, 0f);
            ExactVectorClass.CLASS
                    .cast(zero)
                    .blend(FloatVector.fromArray(S, g, i), positive)
                    .intoArray(dst, i); // exact class: see ExactVectorClass
        }
        for (; i < off + length; i++) {
            dst[i] = out[i] > 0f ? g[i] : 0f;
        }
    }

    /** Float lanes per preferred vector (16 with AVX-512), for the start-up log line. */
    public static int lanes() {
        return VectorGemmBlockKernel.LANES;
    }
}
