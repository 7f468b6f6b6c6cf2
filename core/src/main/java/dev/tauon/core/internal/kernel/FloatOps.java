package dev.tauon.core.internal.kernel;

/**
 * A SIMD provider: the part of the kernels whose speed depends on how the inner loops are
 * vectorised. Chosen once at start-up by {@link SimdSupport}; implementations are either the
 * Vector API ({@code dev.tauon.core.internal.simd.VectorApiOps}) or plain loops shaped for C2's
 * auto-vectoriser ({@link PlainFloatOps}).
 *
 * <p>Service interface for the kernels, not for applications.
 */
public interface FloatOps {

    /** A short name for logs and benchmark reports, e.g. {@code "vector"} or {@code "plain"}. */
    String name();

    /** {@link #name()} with what else decides this provider's speed on this machine, for the start-up log. */
    default String describe() {
        return name();
    }

    /** A fresh, single-thread GEMM block kernel with its own packing buffers. */
    GemmBlockKernel newGemmBlockKernel();

    /**
     * The tile kernel of {@link DirectConv2d} (stateless, shared by threads), or null when this
     * provider has none and convolutions always go through im2col: its loads take a run of floats
     * at an offset per k, which plain loops cannot write in the one shape C2 vectorises (see
     * {@link PlainGemmBlockKernel}).
     */
    default DirectConvTileKernel directConvKernel() {
        return null;
    }

    /**
     * The filters-across-lanes tile of {@link DirectConv2d}'s forward pass and of {@link
     * FilterLanesWeightGradient} (stateless, shared by threads), or null when this provider has none
     * (plain loops, or vectors neither 8 nor 16 floats wide).
     */
    default FilterLanesTileKernel filterLanesKernel() {
        return null;
    }

    /**
     * The tile of {@link TapByTapInputGradient} for {@code channels} input channels (stateless,
     * shared by threads): the widest whose {@link TapTileKernel#channels} divide them, or null when
     * none does or this provider has none.
     */
    default TapTileKernel tapTileKernel(int channels) {
        return null;
    }

    /**
     * The inner loop of {@link ShiftedRowsForward} (stateless, shared by threads), or null when this
     * provider has none (plain loops, or vectors of other than 16 lanes).
     */
    default ShiftedRowsKernel shiftedRowsKernel() {
        return null;
    }

    /** The inner loop of {@link RowDotWeightGradient} (stateless, shared by threads). */
    default RowDotKernel rowDotKernel() {
        return PlainRowDotKernel.INSTANCE;
    }

    /** {@code y[i] = }{@link Gelu#value}{@code (x[i])} for {@code from <= i < to}. */
    default void gelu(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = Gelu.value(x[i]);
        }
    }

    /** {@code gx[i] = }{@link Gelu#gradient}{@code (x[i], g[i])} for {@code from <= i < to}; {@code gx} may be {@code g}. */
    default void geluGradient(float[] x, float[] g, float[] gx, int from, int to) {
        for (int i = from; i < to; i++) {
            gx[i] = Gelu.gradient(x[i], g[i]);
        }
    }

    /** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < length}; the arrays may be the same but the ranges must not overlap. */
    void add(float[] src, int srcOff, float[] dst, int dstOff, int length);

    /**
     * {@link #add} on {@code rows} runs of {@code length}: run {@code r} from {@code src[srcOff + r *
     * srcStride]} into {@code dst[dstOff + r * dstStride]}, runs in increasing order (a later run
     * may overlap an earlier one's destination). One call for a block of short runs, so that the
     * per-call cost of {@link #add} is paid once.
     */
    default void addRuns(
            float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int rows, int length) {
        for (int r = 0; r < rows; r++) {
            add(src, srcOff + r * srcStride, dst, dstOff + r * dstStride, length);
        }
    }

    /**
     * {@code dst[dstOff + j * rows + i] = src[srcOff + i * cols + j]} for {@code i < rows, j < cols}:
     * a {@code rows x cols} matrix transposed (a copy, every provider gives the same bits). The
     * arrays must not overlap.
     */
    default void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        for (int j = 0, to = dstOff; j < cols; j++) {
            for (int from = srcOff + j; from < srcOff + rows * cols; from += cols) {
                dst[to++] = src[from];
            }
        }
    }

    /**
     * {@link WinogradInputTiles#transform} of all {@code c} channels of {@code tiles} tiles: {@link
     * WinogradConv2d}'s input transform of one channels-last image. Additions in a fixed order per
     * element, so every provider gives the same bits.
     */
    default void winogradInput(float[] x, int[] windows, int tiles, int c, float[] v, int plane, int at) {
        WinogradInputTiles.transform(x, windows, tiles, c, 0, c, v, plane, at);
    }

    /**
     * {@link WinogradInputTiles#split}: the {@code h x w} plane {@code x[at ...]}, seen padded by {@code
     * padH, padW}, into {@code split} with each row's even and odd columns apart (halves {@code half}
     * long). A copy: no provider changes a bit. A provider may write zeros past a row's last column in
     * each half, within the half (they are padding there, or spare).
     */
    default void winogradSplit(float[] x, int at, int h, int w, int padH, int padW, float[] split, int half) {
        WinogradInputTiles.split(x, at, h, w, padH, padW, split, half);
    }

    /**
     * {@link WinogradInputTiles#transformPlane}: the tiles of one channel of a {@code tilesH x tilesW}
     * grid, from its copy with the columns split by parity ({@link WinogradInputTiles#split}, halves
     * {@code half} long), element {@code xi} of tile {@code i} into {@code v[xi * plane + at + i]}.
     * Additions in a fixed order per element, the same as {@link #winogradInput}'s, so every provider
     * and either layout gives the same bits. A provider may write up to a vector of floats past a row
     * of tiles' last one (garbage the next row, channel or image overwrites, or a plane's spare line
     * holds): {@link WinogradConv2d#transformImages} writes in that order.
     */
    default void winogradInputPlane(float[] split, int half, int tilesH, int tilesW, float[] v, int plane, int at) {
        WinogradInputTiles.transformPlane(split, half, tilesH, tilesW, v, plane, at);
    }

    /**
     * {@link WinogradOutputTiles#transform} of product columns {@code 0 <= col < count}: {@link
     * WinogradConv2d}'s output transform of one filter's tiles. Additions in a fixed order per pixel,
     * so every provider gives the same bits.
     */
    default void winogradOutput(float[] m, int plane, int at, int count, float[] q, int stride) {
        WinogradOutputTiles.transform(m, plane, at, 0, count, q, stride);
    }

    /**
     * {@link #winogradOutput} of a group's {@code count} columns ({@code count / tiles} images), then
     * {@code bias[filter]} (when {@code bias} is given) and ReLU (when {@code relu}) as {@code
     * Conv2dKernels.addBiasAndRelu} applies them, then {@link WinogradOutputTiles#place} of each image into
     * {@code out[outAt + image * imageStride ...]}, in one pass where a provider can; the same bits as
     * the three steps. Returns false, having written nothing, where it cannot (the default): the
     * caller then takes the three steps.
     */
    default boolean winogradOutputPlaced(
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
        return false;
    }

    /**
     * {@link WinogradOutputTiles#pixels}: one output-gradient plane ({@code outH x outW} from {@code
     * gradOut[start]}) split into its tiles' four pixels, tile {@code i}'s at {@code q[k * stride + col0
     * + i]}. A copy: no provider changes a bit. A provider may store zeros up to a vector past a row of
     * tiles' last one: the caller keeps {@link WinogradInputTiles#SPARE} floats after each run and
     * fills the columns in increasing order ({@link WinogradWeightGradient}).
     */
    default void winogradTilePixels(float[] gradOut, int start, int outH, int outW, float[] q, int stride, int col0) {
        WinogradOutputTiles.pixels(gradOut, start, outH, outW, q, stride, col0);
    }

    /**
     * {@link WinogradOutputTiles#gradient} of columns {@code 0 <= col < count}: {@link
     * WinogradWeightGradient}'s transform of one filter's output-gradient tiles. Additions in a fixed
     * order per element, so every provider gives the same bits.
     */
    default void winogradOutputGradient(float[] q, int stride, int count, float[] z, int plane, int at) {
        WinogradOutputTiles.gradient(q, stride, 0, count, z, plane, at);
    }

    /** {@link WinogradFilterTiles#transform} of filters {@code oc0 <= oc < oc1}; every provider gives the same bits. */
    default void winogradFilters(float[] w, boolean rotated, int o, int c, int oc0, int oc1, float[] u, int plane) {
        WinogradFilterTiles.transform(w, rotated, o, c, oc0, oc1, 0, c, u, plane);
    }

    /** {@link WinogradFilterTiles#gradient} of filters {@code from <= i < to}; every provider gives the same bits. */
    default void winogradFilterGradients(float[] du, int plane, int from, int to, float[] g) {
        WinogradFilterTiles.gradient(du, plane, from, to, g);
    }

    /**
     * The gradient of ReLU from its output: {@code dst[i] = out[i] > 0 ? g[i] : 0} for
     * {@code off <= i < off + length}. A selection, no arithmetic, so every provider gives the same bits. The
     * default is written without a data-dependent branch: ReLU outputs are positive about half the
     * time at random, and a branch here mispredicts on every other element.
     */
    default void reluBackward(float[] out, float[] g, float[] dst, int off, int length) {
        for (int i = off; i < off + length; i++) {
            int bits = Float.floatToRawIntBits(out[i]);
            // out > 0 exactly when its bits, read as an int, lie in [1, 0x7F800000]: -0, negatives and NaN fall
            // outside.
            int keep = ~(((0x7F800000 - bits) | (bits - 1)) >> 31);
            dst[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
        }
    }

    /**
     * The int8 levels of {@code x[off ...]} for a symmetric quantisation with {@code scale}, as
     * integer-valued floats: {@code dst[dstOff + i] = round(clamp(x[off + i] / scale, -127, 127))},
     * rounding ties to even, NaN to 0 (see {@link Int8Quantize#level}). Each element is one
     * division, two comparisons and a rounding, so every provider gives the same values.
     */
    default void int8Levels(float[] x, int off, int length, float scale, float[] dst, int dstOff) {
        for (int i = 0; i < length; i++) {
            dst[dstOff + i] = Int8Quantize.level(x[off + i], scale);
        }
    }

    /**
     * One channel's rescale of a quantised layer: {@code out[outOff + i] = max(((int) sums[sumOff + i]
     * + bias) * scale, floor)}, {@code floor} 0 for a fused ReLU ({@code Math.max(v, 0f)}, as the float
     * layer's) or negative infinity for none, from integer sums held exactly in floats (magnitude below 2^24): the add is in
     * {@code int} and the product rounded once, so every provider gives the same bits. When the bias
     * is exact in float too (magnitude at most 2^24), adding it in float rounds the exact integer sum
     * once, to the same float as converting the int sum, so the loop stays in float.
     */
    default void int8Rescale(
            float[] sums, int sumOff, int bias, float scale, float floor, float[] out, int outOff, int length) {
        if (Math.abs(bias) <= EXACT_FLOAT_INT) {
            float b = bias;
            for (int i = 0; i < length; i++) {
                out[outOff + i] = Math.max((sums[sumOff + i] + b) * scale, floor);
            }
        } else {
            for (int i = 0; i < length; i++) {
                out[outOff + i] = Math.max(((int) sums[sumOff + i] + bias) * scale, floor);
            }
        }
    }

    /** Every int of at most this magnitude (2^24) is exact in float. */
    int EXACT_FLOAT_INT = 1 << 24;

    /** Partial sums in {@link #sum}'s order: one per lane of a 512-bit vector of floats. */
    int SUM_LANES = 16;

    /**
     * The sum of {@code a[off : off+length]} in one order for every provider and CPU: element
     * {@code i} of the first {@code length - length % 16} goes to partial sum {@code i % 16}; the
     * partial sums are added in order 0 to 15; the rest of the elements are summed in order apart,
     * and that sum is added last. This is a 16-lane vector accumulator written out, so a 512-bit
     * Vector API loop gives these bits, and so do plain loops.
     */
    default float sum(float[] a, int off, int length) {
        float[] partial = new float[SUM_LANES];
        int i = 0;
        for (int bound = length - length % SUM_LANES; i < bound; i += SUM_LANES) {
            for (int l = 0; l < SUM_LANES; l++) {
                partial[l] += a[off + i + l];
            }
        }
        float tail = 0f;
        for (; i < length; i++) {
            tail += a[off + i];
        }
        float lanes = 0f;
        for (int l = 0; l < SUM_LANES; l++) {
            lanes += partial[l];
        }
        return lanes + tail;
    }

    /**
     * 2x2 max pooling of one plane of {@code outH x outW} windows: window {@code j} has its top-left
     * input at {@code x[in + tops[j]]} ({@code tops[oy*outW + ox] = oy*strideH*w + ox*strideW}), its
     * result at {@code out[o + j]} and {@code argmax[o + j]}, as {@link #maxPool2x2Row} computes them
     * (a selection, no arithmetic: every provider gives the same bits). A null {@code argmax} asks
     * for the maxima only (a forward pass no backward pass follows). The default runs that kernel
     * row by row.
     */
    default void maxPool2x2Plane(
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
        for (int oy = 0; oy < outH; oy++) {
            maxPool2x2Row(x, in + oy * strideH * w, w, strideW, out, argmax, o + oy * outW, outW);
        }
    }

    /**
     * 2x2 stride-2 max pooling of a channels-last product ({@code channels} values a pixel, pixels in
     * rows of {@code outW}, from {@code src[srcOff]}), maxima only: {@code dst[j * channels + ch]} for
     * window {@code j < poolH * poolW} ({@code poolW = outW / 2}) is the maximum of its four pixels'
     * values of channel {@code ch}, chosen as {@link #maxPool2x2Row} chooses (top-left, top-right,
     * bottom-left, bottom-right; a later one wins only when greater, or NaN over a number), so the
     * same bits as pooling each channel's plane. The default is the scalar loop.
     */
    default void maxPool2x2ChannelsLast(
            float[] src, int srcOff, int channels, int outW, int poolH, int poolW, float[] dst) {
        MaxPool2dKernels.channelsLastFrom(0, src, srcOff, channels, outW, poolH, poolW, dst);
    }

    /**
     * One output row of 2x2 max pooling: output {@code j < count} is the maximum of the window whose
     * top-left input is {@code x[top + j*strideW]} (rows {@code w} apart), stored at
     * {@code out[o + j]} with its flat input index at {@code argmax[o + j]} (unless {@code argmax} is
     * null). The first maximum wins ties; the first NaN wins over numbers. The default is the scalar
     * loop, written without data-dependent branches: on random inputs a branch here mispredicts about
     * once per window.
     */
    default void maxPool2x2Row(float[] x, int top, int w, int strideW, float[] out, int[] argmax, int o, int count) {
        for (int j = 0; j < count; j++, top += strideW) {
            float a = x[top];
            float b = x[top + 1];
            float c = x[top + w];
            float d = x[top + w + 1];
            int best = top;
            float max = a;
            boolean take = MaxPool2dKernels.replaces(b, max);
            best = take ? top + 1 : best;
            max = Math.max(max, b);
            take = MaxPool2dKernels.replaces(c, max);
            best = take ? top + w : best;
            max = Math.max(max, c);
            take = MaxPool2dKernels.replaces(d, max);
            best = take ? top + w + 1 : best;
            out[o + j] = x[best];
            if (argmax != null) {
                argmax[o + j] = best;
            }
        }
    }
}
