package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * A stride-1 convolution's forward pass read straight from the input image, and its input
 * gradient added straight into the padded gradient: no im2col matrix and no packed copy of it, the
 * weights packed once per call instead of once per GEMM.
 *
 * <p>The image is copied once into a zero-padded buffer of {@code hp x wp} planes. Output pixel
 * {@code (oy, ox)} is then computed at position {@code j = oy*wp + ox}, and kernel tap
 * {@code (ci, ky, kx)} meets it at {@code padded[ci*hp*wp + ky*wp + kx + j]}: a fixed offset per tap
 * plus {@code j}, so a run of consecutive positions is a run of consecutive floats whatever the
 * output's width. Positions {@code ox >= outW} (where a row wraps into the next) are computed too
 * and thrown away; that waste is why this path is taken only where it costs less than it saves
 * ({@link #MAX_WASTED_MACS}).
 *
 * <p>Each output element is summed as {@link PackedGemm} sums it for {@code weights * im2col}: in
 * k blocks of {@link PackedGemm#KC}, each from zero in increasing k order, then added to the
 * running total; bias and ReLU are applied afterwards by {@link Conv2dKernels#addBiasAndRelu}.
 * So both paths, and both SIMD providers, give the same bits; the choice only decides speed.
 */
final class DirectConv2d {

    /**
     * The path is taken when the positions computed and thrown away cost at most this many
     * multiply-adds per output pixel and kernel tap: each is {@code o} multiply-adds, against what
     * the other path costs: the gathered one ({@link GatheredConvForward}) wastes nothing but reads
     * its rows through offset tables. A shape-only rule (the tile width enters it, never a
     * result). Measured on the Intel host (docs/performance.md, 2 threads, forward GFLOP/s direct
     * against gathered): at 4 to 8 (64 filters at 32x32 and 16x16) 1.3x faster direct, at 21 (conv2
     * of the CIFAR-10 CNN) 1.05-1.1x, at 32 (256 filters at 16x16) 1.25x, at 64 (conv3) 0.65x; so the
     * bound is 48. (Against im2col, before the gathered path, direct had paid up to 64.) {@code
     * -Dtauon.conv.maxWastedMacs=N} overrides it, for measuring other choices.
     */
    static final int MAX_WASTED_MACS = Integer.getInteger("tauon.conv.maxWastedMacs", 48);

    /**
     * {@link #MAX_WASTED_MACS} for the input gradient, which saves less (its im2col path reads the
     * output gradient in place and only its col2im is replaced). Measured as there: at 4 to 8 (64
     * filters at 32x32 and 16x16) 1.3x faster direct, at 21 (conv2) 1.2x, at 32 and 64 level, at
     * 128 and 256 0.8-0.85x; so the bound is 24. {@code -Dtauon.conv.maxWastedMacsInputGrad=N}
     * overrides it.
     */
    static final int MAX_WASTED_MACS_INPUT_GRAD = Integer.getInteger("tauon.conv.maxWastedMacsInputGrad", 24);

    private DirectConv2d() {}

    /** Whether {@code ops} has a direct kernel and {@code s} is a shape its forward pass pays for. */
    static boolean applies(FloatOps ops, ConvShape s) {
        return applies(ops, s, MAX_WASTED_MACS);
    }

    /** Whether {@code ops} has a direct kernel and {@code s} is a shape its input gradient pays for (weights aside: {@link #allFinite}). */
    static boolean appliesToInputGradient(FloatOps ops, ConvShape s) {
        return applies(ops, s, MAX_WASTED_MACS_INPUT_GRAD);
    }

    private static boolean applies(FloatOps ops, ConvShape s, int maxWastedMacs) {
        DirectConvTileKernel kernel = ops.directConvKernel();
        return kernel != null
                && s.strideH() == 1
                && s.strideW() == 1
                && s.n() >= Parallel.threads() // one image per task: fewer would leave a thread idle
                && (long) (positions(s, kernel.nr()) - s.pixels()) * s.o() <= (long) maxWastedMacs * s.pixels();
    }

    /** out (overwritten) = conv(x, w) + bias, then max(out, 0) when {@code relu}; see {@link Conv2dKernels#forward}. */
    static void forward(
            FloatOps ops,
            float[] x,
            float[] w,
            float[] bias,
            float[] out,
            ConvShape s,
            boolean relu,
            boolean filterLanes) {
        if (filterLanes) {
            // Bias and ReLU are applied in the product's last pass, and it is written in place.
            FilterLanesProduct.forEachImage(ops.filterLanesKernel(), x, w, bias, relu, s, out, null);
            return;
        }
        forEachProduct(ops, x, w, s, (product, plane, row, b) -> unpad(product, plane, row, s, bias, relu, out, b));
    }

    /**
     * {@link Conv2dKernels#forwardReluMaxPool} along {@code path} (one of the direct ones or {@link
     * ShiftedRowsForward}): each image's product gets its bias and ReLU in place ({@link
     * Conv2dKernels#addBiasAndRelu}, or as the finished products apply them, so the same values),
     * and is max-pooled 2x2 from there, rows {@code wp} apart, while it is in cache; the convolution's
     * output is never written. Each argmax is then turned from a product position into that pixel's
     * index in the convolution's output, when {@code indexArgmax} says anything will need it; when
     * nothing will, the filter-lanes path pools its product channels last and turns only the pooled
     * windows filter-major ({@link FloatOps#maxPool2x2ChannelsLast}).
     */
    static void forwardReluMaxPool(
            FloatOps ops,
            float[] x,
            float[] w,
            float[] bias,
            float[] pooled,
            int[] argmax,
            ConvShape s,
            ConvForwardPath path,
            boolean indexArgmax) {
        // The filter-lanes and shifted-rows products come finished (bias and ReLU), in rows of outW.
        boolean finished = path != ConvForwardPath.DIRECT;
        int outW = s.outW();
        int poolH = s.outH() / 2;
        int poolW = outW / 2;
        int poolPlane = poolH * poolW;
        int[] tops = WindowOffsets.of(1, 0, poolH, poolW, 2, 2, productRow(s, finished));
        ProductConsumer pool = (product, plane, row, b) -> {
            for (int oc = 0; oc < s.o(); oc++) {
                int from = oc * plane;
                if (!finished) {
                    Conv2dKernels.addBiasAndRelu(product, from, from + s.outH() * row, bias, oc, true);
                }
                int o = (b * s.o() + oc) * poolPlane;
                if (!indexArgmax) { // nothing will route a gradient: the maxima alone
                    ops.maxPool2x2Plane(product, from, row, 2, 2, poolH, poolW, tops, pooled, null, o);
                    continue;
                }
                ops.maxPool2x2Plane(product, from, row, 2, 2, poolH, poolW, tops, pooled, argmax, o);
                int pixels = (b * s.o() + oc) * s.pixels();
                if (row == outW) {
                    // The product's plane is the output's: only the plane's start moves. (The loop
                    // below gives the same indices; this one ran conv2's fused pass 3-4% faster.)
                    for (int j = o; j < o + poolPlane; j++) {
                        argmax[j] += pixels - from;
                    }
                    continue;
                }
                // From a product position (row stride `row`) to the output pixel's index (row stride
                // outW): in pooled row py the winner lies q = dy * row + x past its window row's start
                // (x < outW < row), so dy = (row - 1 - q) >>> 31, and the index is q less dy * (row -
                // outW) past the output row's start. No division, no branch, no column counter: C2
                // vectorises the loop (the one with the window's corner took a third of conv1's
                // fused pass, JFR).
                int gap = row - outW;
                for (int py = 0, j = o; py < poolH; py++, j += poolW) {
                    int windowRow = from + 2 * py * row;
                    int outputRow = pixels + 2 * py * outW;
                    for (int i = j; i < j + poolW; i++) {
                        int q = argmax[i] - windowRow;
                        argmax[i] = outputRow + q - ((row - 1 - q) >>> 31) * gap;
                    }
                }
            }
        };
        if (path == ConvForwardPath.SHIFTED_ROWS) {
            ShiftedRowsForward.forEachImage(
                    ops.shiftedRowsKernel(),
                    x,
                    w,
                    bias,
                    true,
                    s,
                    null,
                    (product, b) -> pool.accept(product, s.pixels(), outW, b));
        } else if (finished && !indexArgmax) {
            // Maxima alone (inference): pooled channels last, a quarter of the product turned filter-major.
            FilterLanesTileKernel kernel = ops.filterLanesKernel();
            FilterLanesProduct.forEachImage(kernel, x, w, bias, true, s, null, null, (channelsLast, off, b) -> {
                float[] windows = Scratch.floats(Scratch.POOLED_CHANNELS_LAST, poolPlane * s.o());
                ops.maxPool2x2ChannelsLast(channelsLast, off, s.o(), outW, poolH, poolW, windows);
                kernel.toFilterRows(windows, 0, s.o(), poolPlane, pooled, b * s.o() * poolPlane);
            });
        } else if (finished) {
            FilterLanesProduct.forEachImage(
                    ops.filterLanesKernel(),
                    x,
                    w,
                    bias,
                    true,
                    s,
                    null,
                    (product, b) -> pool.accept(product, s.pixels(), outW, b));
        } else {
            forEachProduct(ops, x, w, s, pool);
        }
    }

    /**
     * What is done with image {@code b}'s product before the next image's: filter-major, filter
     * {@code oc}'s output pixel {@code (oy, ox)} at {@code oc * plane + oy * row + ox}.
     */
    private interface ProductConsumer {
        void accept(float[] product, int plane, int row, int b);
    }

    /**
     * Every image's product of the weights with its padded input by the positions-across-lanes tile,
     * image by image, each handed to {@code then}: filter-major, rows of the padded width.
     */
    private static void forEachProduct(FloatOps ops, float[] x, float[] w, ConvShape s, ProductConsumer then) {
        DirectConvTileKernel kernel = ops.directConvKernel();
        int mr = kernel.mr();
        int k = s.patch();
        int rows = (s.o() + mr - 1) / mr * mr;
        float[] weights = packWeights(w, s.o(), k, k, 1, rows, mr);
        int[] taps = tapOffsets(s);
        int plane = positions(s, kernel.nr());
        int row = productRow(s, false);
        int paddedLength = Math.max(s.c() * paddedPlane(s), taps[k - 1] + plane);
        int image = s.c() * s.h() * s.w();
        Conv2dKernels.forEachImageGroup(s, (long) s.n() * s.o() * s.pixels() * k, (g0, count) -> {
            float[] padded = Scratch.floats(Scratch.PADDED, paddedLength);
            float[] product = Scratch.floats(Scratch.DIRECT_PRODUCT, rows * plane);
            for (int b = g0; b < g0 + count; b++) {
                pad(x, b * image, s, padded, paddedLength);
                multiply(kernel, weights, rows, padded, taps, k, plane, product);
                then.accept(product, plane, row, b);
            }
        });
    }

    /**
     * The row stride of the products: the finished ones (filter lanes, shifted rows) hold output
     * pixels only, rows of {@code outW}; {@link #forEachProduct}'s, whole runs of the padded width.
     */
    private static int productRow(ConvShape s, boolean finished) {
        return finished ? s.outW() : s.w() + 2 * s.padW();
    }

    /** {@code product} ({@code [rows, positions]}) = the packed weights times the padded image, tile by tile. */
    private static void multiply(
            DirectConvTileKernel kernel,
            float[] weights,
            int rows,
            float[] padded,
            int[] taps,
            int k,
            int positions,
            float[] product) {
        int mr = kernel.mr();
        int nr = kernel.nr();
        float[] tile = Scratch.floats(Scratch.DIRECT_TILE, mr * nr); // a later k block's share
        for (int j0 = 0; j0 < positions; j0 += nr) {
            for (int pc = 0; pc < k; pc += PackedGemm.KC) {
                int kc = Math.min(PackedGemm.KC, k - pc);
                for (int i0 = 0; i0 < rows; i0 += mr) {
                    int ao = pc * rows + i0 * kc;
                    int co = i0 * positions + j0;
                    if (pc == 0) {
                        kernel.tile(kc, weights, ao, padded, taps, pc, j0, product, co, positions);
                    } else {
                        kernel.tile(kc, weights, ao, padded, taps, pc, j0, tile, 0, nr);
                        kernel.addTile(tile, product, co, positions);
                    }
                }
            }
        }
    }

    /**
     * gradX (overwritten) = the gradient with respect to the input, as {@link
     * Conv2dKernels#backwardInput} computes it through im2col: the same products in the same k
     * blocks (over the filters) give an 8-row, one-tile-wide block of the im2col-shaped gradient,
     * whose rows are then added into the padded gradient at their taps' offsets, the rows in
     * increasing order. col2im adds the rows in increasing order too, each over all positions; here
     * the tiles run from the last positions back, which gives every input element its terms in the
     * same order: element {@code e} takes row {@code k}'s term from position {@code e - taps[k]},
     * and the offsets grow with {@code k}, so a later row's term comes from an earlier position:
     * from a tile visited later (they go backwards), or from the same tile, where rows go in order. A
     * tile's one-tile-wide block of the output gradient stays in L1 for all the rows. Dropped
     * positions hold sums of weights times the zeros the output gradient is widened with, +0 for
     * finite weights, which leaves any sum unchanged; so the caller takes this path only when every
     * weight is finite ({@link #allFinite}).
     */
    static void backwardInput(FloatOps ops, float[] gradOut, float[] w, float[] gradX, ConvShape s) {
        DirectConvTileKernel kernel = ops.directConvKernel();
        int mr = kernel.mr();
        int nr = kernel.nr();
        int k = s.patch();
        int o = s.o();
        int rows = (k + mr - 1) / mr * mr;
        float[] weights = packWeights(w, k, o, 1, k, rows, mr);
        int[] taps = tapOffsets(s);
        int positions = positions(s, nr);
        int[] filterRows = new int[o]; // the widened output gradient is read in place, one row a filter
        for (int oc = 0; oc < o; oc++) {
            filterRows[oc] = oc * positions;
        }
        int paddedLength = Math.max(s.c() * paddedPlane(s), taps[k - 1] + positions);
        int image = s.c() * s.h() * s.w();
        Conv2dKernels.forEachImageGroup(s, (long) s.n() * o * s.pixels() * k, (g0, count) -> {
            float[] padded = Scratch.floats(Scratch.PADDED, paddedLength);
            float[] wide = Scratch.floats(Scratch.WIDE_GRAD, o * positions);
            float[] sums = Scratch.floats(Scratch.DIRECT_PRODUCT, mr * nr);
            float[] tile = Scratch.floats(Scratch.DIRECT_TILE, mr * nr);
            for (int b = g0; b < g0 + count; b++) {
                widen(gradOut, b, s, wide, positions);
                Arrays.fill(padded, 0, paddedLength, 0f);
                // From the last positions back: see above why that keeps col2im's order of terms.
                for (int j0 = positions - nr; j0 >= 0; j0 -= nr) {
                    for (int i0 = 0; i0 < rows; i0 += mr) {
                        for (int pc = 0; pc < o; pc += PackedGemm.KC) {
                            int kc = Math.min(PackedGemm.KC, o - pc);
                            int ao = pc * rows + i0 * kc;
                            if (pc == 0) {
                                kernel.tile(kc, weights, ao, wide, filterRows, pc, j0, sums, 0, nr);
                            } else {
                                kernel.tile(kc, weights, ao, wide, filterRows, pc, j0, tile, 0, nr);
                                kernel.addTile(tile, sums, 0, nr);
                            }
                        }
                        kernel.addRows(sums, Math.min(mr, k - i0), padded, taps, i0, j0);
                    }
                }
                crop(padded, s, gradX, b * image);
            }
        });
    }

    /** Whether every element of {@code w} is finite (see {@link #backwardInput}). */
    static boolean allFinite(float[] w) {
        return allFinite(w, 0, w.length);
    }

    /** Whether every element of {@code a[from, from + length)} is finite. */
    static boolean allFinite(float[] a, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (!Float.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }

    /** Positions computed per image: {@code outH} rows of the padded width, in whole tiles. */
    private static int positions(ConvShape s, int nr) {
        int used = s.outH() * (s.w() + 2 * s.padW());
        return (used + nr - 1) / nr * nr;
    }

    static int paddedPlane(ConvShape s) {
        return (s.h() + 2 * s.padH()) * (s.w() + 2 * s.padW());
    }

    /**
     * A matrix of {@code valid} rows by {@code depth} taken from the weight array (element
     * {@code (row, p)} at {@code w[row * rowStride + p * depthStride]}) packed as {@link
     * GemmBlockKernel#packA} packs it, in depth blocks of {@link PackedGemm#KC}: block {@code pc}
     * starts at {@code pc * rows} and holds {@code rows / mr} panels of {@code kc x mr}, depth-major,
     * rows past {@code valid} zero. The forward pass packs the OIHW weight as {@code [o, k]}
     * ({@code rowStride = k}, {@code depthStride = 1}); the input gradient its transpose
     * {@code [k, o]}, the filters as depth, what the im2col input gradient's GEMM packs as its A.
     */
    private static float[] packWeights(
            float[] w, int valid, int depth, int rowStride, int depthStride, int rows, int mr) {
        float[] packed = Scratch.floats(Scratch.DIRECT_WEIGHTS, rows * depth);
        for (int pc = 0; pc < depth; pc += PackedGemm.KC) {
            int kc = Math.min(PackedGemm.KC, depth - pc);
            for (int i0 = 0; i0 < rows; i0 += mr) {
                int base = pc * rows + i0 * kc;
                for (int r = 0; r < mr; r++) {
                    int row = i0 + r;
                    for (int p = 0; p < kc; p++) {
                        packed[base + p * mr + r] = row < valid ? w[row * rowStride + (pc + p) * depthStride] : 0f;
                    }
                }
            }
        }
        return packed;
    }

    /** The offset in the padded image of each kernel tap, in im2col's row order {@code (ci*kh + ky)*kw + kx}. */
    static int[] tapOffsets(ConvShape s) {
        int wp = s.w() + 2 * s.padW();
        int[] taps = new int[s.patch()];
        int t = 0;
        for (int ci = 0; ci < s.c(); ci++) {
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    taps[t++] = ci * paddedPlane(s) + ky * wp + kx;
                }
            }
        }
        return taps;
    }

    /** Image {@code x[xOff ...]} into {@code padded}, each plane surrounded by its zero padding, zeros after. */
    private static void pad(float[] x, int xOff, ConvShape s, float[] padded, int length) {
        pad(x, xOff, s, padded, 0, length);
    }

    /** {@link #pad} into {@code padded[pOff, pOff + length)}. */
    static void pad(float[] x, int xOff, ConvShape s, float[] padded, int pOff, int length) {
        Arrays.fill(padded, pOff, pOff + length, 0f);
        int wp = s.w() + 2 * s.padW();
        for (int ci = 0; ci < s.c(); ci++) {
            for (int y = 0; y < s.h(); y++) {
                System.arraycopy(
                        x,
                        xOff + (ci * s.h() + y) * s.w(),
                        padded,
                        pOff + ci * paddedPlane(s) + (y + s.padH()) * wp + s.padW(),
                        s.w());
            }
        }
    }

    /** Image {@code b}'s output gradient laid out at the positions ({@code [o, positions]}), zeros at the dropped ones. */
    private static void widen(float[] gradOut, int b, ConvShape s, float[] wide, int positions) {
        int wp = s.w() + 2 * s.padW();
        int outW = s.outW();
        Arrays.fill(wide, 0, s.o() * positions, 0f);
        for (int oc = 0; oc < s.o(); oc++) {
            int from = (b * s.o() + oc) * s.pixels();
            for (int oy = 0; oy < s.outH(); oy++) {
                System.arraycopy(gradOut, from + oy * outW, wide, oc * positions + oy * wp, outW);
            }
        }
    }

    /** The inverse of {@link #pad}: the image's elements from inside the padding into {@code x[xOff ...]}. */
    private static void crop(float[] padded, ConvShape s, float[] x, int xOff) {
        int wp = s.w() + 2 * s.padW();
        for (int ci = 0; ci < s.c(); ci++) {
            for (int y = 0; y < s.h(); y++) {
                System.arraycopy(
                        padded,
                        ci * paddedPlane(s) + (y + s.padH()) * wp + s.padW(),
                        x,
                        xOff + (ci * s.h() + y) * s.w(),
                        s.w());
            }
        }
    }

    /**
     * Image {@code b}'s output pixels from {@code product} (filter {@code oc}'s pixel {@code (oy, ox)}
     * at {@code oc * plane + oy * row + ox}) into {@code out}, then bias and ReLU plane by plane
     * ({@link Conv2dKernels#addBiasAndRelu}, so the same bits).
     */
    private static void unpad(
            float[] product, int plane, int row, ConvShape s, float[] bias, boolean relu, float[] out, int b) {
        int outW = s.outW();
        int pixels = s.pixels();
        for (int oc = 0; oc < s.o(); oc++) {
            int at = (b * s.o() + oc) * pixels;
            if (row == outW) {
                System.arraycopy(product, oc * plane, out, at, pixels);
            } else {
                for (int oy = 0; oy < s.outH(); oy++) {
                    System.arraycopy(product, oc * plane + oy * row, out, at + oy * outW, outW);
                }
            }
            Conv2dKernels.addBiasAndRelu(out, at, at + pixels, bias, oc, relu);
        }
    }
}
