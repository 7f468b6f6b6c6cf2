package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * The forward pass of a 3x3 stride-1 convolution by Winograd's minimal filtering F(2x2, 3x3)
 * (Lavin and Gray, 2015): each 2x2 block of output pixels ("tile") is {@code A^T [(G g G^T) .*
 * (B^T d B)] A} for its 4x4 window {@code d} of the input and each 3x3 filter {@code g}. Summed
 * over the input channels, the element-wise product becomes 16 matrix products, one per position
 * {@code xi} of the 4x4 transformed tile: {@code M[xi] = U[xi] * V[xi]} with {@code U[xi]} the
 * transformed weights ({@code [o, c]}) and {@code V[xi]} the transformed input ({@code [c, tiles]}, stored
 * transposed: {@link #transformImages}).
 * That is 16 multiply-adds per tile and channel pair where the direct form does 36 (2.25x fewer),
 * paid for by the transforms, which cost per channel, not per channel pair: so it pays where both
 * channel counts are large ({@link #MIN_CHANNEL_MEAN}).
 *
 * <p>It sums in another order than the other forward paths (and rounds the transforms), so a
 * shape-only rule picks it ({@link #applies}); nothing machine-dependent does. The products are
 * {@link Gemm#gemmOnCaller}, whose bits do not depend on the provider or on the blocking; the
 * transforms are additions in a fixed order; the images are split between threads in whole groups
 * and each group is computed alone. So the result is the same for 1 and 2 threads and for both
 * providers. Its rounding error is larger than the direct sum's, still small: 7e-6 against outputs
 * of up to 11.6 in the prototype's check (64 channels, 16x16, against the direct path); the tests
 * hold it within 1e-5 of the largest output of the naive double-precision reference.
 */
final class WinogradConv2d {

    /**
     * The harmonic mean of the two channel counts, {@code 2 c o / (c + o)}, must be at least this
     * ({@link #WIDE_CHANNEL_MEAN} on small outputs). Per tile the transforms cost about {@code 4 (c +
     * o)} additions and the products save {@code 20 c o} multiply-adds (16 instead of 36 a channel
     * pair), so the ratio of the two follows that mean. Measured on 2 threads, batch 64, alternated
     * with the other paths (docs/performance.md, "Issue 12, tenth round", "eleventh round",
     * "eighteenth round"), forward / input gradient / weight gradient: with scalar transforms, on an
     * AMD EPYC (Zen 3) 256 to 256 channels at 8x8 1.5x / 1.5x, 64 to 256 1.4x / 1.2x, 64 to 64 level,
     * and on a Zen 5 64 to 64 0.7-1.0x. With the transforms in vectors (seventeenth round), on the Zen
     * 5: 64 to 64 (mean 64) at 16x16 1.10-1.18x / 1.11-1.16x / 1.25-1.29x and at 32x32 1.15-1.18x /
     * 1.17x / 1.40-1.45x; 32 to 64 (mean 43, the CIFAR-10 CNN's conv2) 0.62-0.69x forward.
     */
    static final int MIN_CHANNEL_MEAN = 64;

    /**
     * The harmonic mean from which outputs of any size take this path; under it, down to {@link
     * #MIN_CHANNEL_MEAN}, an image's output must have {@link #MIN_PIXELS_UNDER_WIDE} pixels. On the
     * Zen 5 the CIFAR-10 CNN's conv3 (64 to 64 channels, 6x6 to 4x4: 16 pixels) measured level
     * (forward 0.93-1.10x, input gradient 0.95-1.06x, weight gradient 0.97-1.22x), so it keeps its
     * path and the CNN its bits; 256 to 256 at 4x4 gains (1.1-1.4x, eleventh round).
     */
    static final int WIDE_CHANNEL_MEAN = 96;

    /** Output pixels an image (16x16, the smallest output measured faster at a mean of 64) for means under {@link #WIDE_CHANNEL_MEAN}. */
    static final int MIN_PIXELS_UNDER_WIDE = 256;

    /**
     * Whether the rule may pick this path; {@code -Dtauon.conv.winograd=false} turns it off, for
     * measuring. The choice changes results in their last bits (another order of sums), so the switch
     * is for comparisons, not for tuning.
     */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("tauon.conv.winograd", "true"));

    /**
     * Tiles per product at most (its column count): the group's transformed input ({@code 16 c}
     * floats a tile) and products ({@code 16 o}) then take 2 MiB at 256 channels; 16 and 32 measured
     * level with 64 (res256x8 and res256x4, 2 threads). The group does not change any result: each
     * product column is one tile's, whatever the others.
     */
    static final int TARGET_COLUMNS = 64;

    /**
     * Tiles a row of an image's grid must have for the forward pass (and so the input gradient) to read
     * the image a plane at a time ({@link #readsPlanes}): 16x16 images and wider. Measured on the Intel
     * Xeon (family 6, model 167), 2 threads, alternated with the transposition to channels last
     * (docs/performance.md, "Issue 12, twenty-fifth round"): rows of 16 tiles (res64x32) forward
     * +2-9%, input gradient +11%; rows of 8 (res64x16), two rows a vector, forward +2-10%, input
     * gradient +3-7% (res64to256x16's +8-11%); rows of 4 (res256x8), a quarter of each vector, 6-14%
     * slower. {@code -Dtauon.conv.winogradPlanes=false} turns it off, for measuring: either way gives
     * the same bits.
     */
    static final int MIN_TILES_PER_ROW = 8;

    private static final boolean PLANES = Boolean.parseBoolean(System.getProperty("tauon.conv.winogradPlanes", "true"));

    private WinogradConv2d() {}

    /**
     * The distance, in floats, between two of the 16 planes ({@code xi}) of a transformed array whose
     * planes hold {@code floats} each: a whole number of 64-byte lines and one line more. Without the
     * extra line, planes of a power-of-two size (256 x 256 channels, 256 channels x 64 tiles) start at
     * the same place in every cache set, and the transforms, which touch all 16 planes at once, evict
     * their own lines: on an AMD EPYC (Zen 5) the weight transform took more time than the products
     * (docs/performance.md, "Issue 12, eleventh round"). Only the layout changes, not a result.
     */
    static int planeStride(int floats) {
        return (floats + 15) / 16 * 16 + 16;
    }

    /** Whether the forward pass of {@code s} takes this path: a shape-only rule (it fixes the sums' order). */
    static boolean applies(ConvShape s) {
        return ENABLED && s.kh() == 3 && s.kw() == 3 && s.strideH() == 1 && s.strideW() == 1 && hasChannelsForIt(s);
    }

    /** The harmonic mean of {@code s}'s channel counts at least {@link #WIDE_CHANNEL_MEAN}, or {@link #MIN_CHANNEL_MEAN} on outputs of {@link #MIN_PIXELS_UNDER_WIDE} pixels or more. */
    private static boolean hasChannelsForIt(ConvShape s) {
        long twiceProduct = 2L * s.c() * s.o();
        long sum = s.c() + s.o();
        return twiceProduct >= WIDE_CHANNEL_MEAN * sum
                || (twiceProduct >= MIN_CHANNEL_MEAN * sum && s.pixels() >= MIN_PIXELS_UNDER_WIDE);
    }

    /** out (overwritten) = conv(x, w) + bias, then max(out, 0) when {@code relu}; see {@link Conv2dKernels#forward}. */
    static void forward(FloatOps ops, float[] x, float[] w, float[] bias, float[] out, ConvShape s, boolean relu) {
        forward(ops, x, w, false, bias, out, s, relu);
    }

    /**
     * {@link #forward(FloatOps, float[], float[], float[], float[], ConvShape, boolean)}; when {@code
     * rotated}, {@code w} is the weight of the convolution whose input gradient this is ({@code [c, o,
     * 3, 3]} for {@code s}, the {@link InputGradientAsConv#transposed} shape), and each filter is read
     * with its channels swapped and rotated by 180 degrees: {@link InputGradientAsConv#flip} without
     * the copy, the same filters and so the same bits.
     */
    static void forward(
            FloatOps ops, float[] x, float[] w, boolean rotated, float[] bias, float[] out, ConvShape s, boolean relu) {
        int c = s.c();
        int o = s.o();
        int tilesH = (s.outH() + 1) / 2;
        int tilesW = (s.outW() + 1) / 2;
        int tiles = tilesH * tilesW;
        int uPlane = planeStride(o * c);
        float[] u = Scratch.floats(Scratch.WINOGRAD_WEIGHTS, 16 * uPlane);
        transformWeights(ops, w, rotated, o, c, u, uPlane);
        int group = Conv2dKernels.evenImageGroups(s.n(), tiles, TARGET_COLUMNS);
        int[] windows = windows(s, readsPlanes(s));
        boolean planes = windows == null;
        Conv2dKernels.forEachImageGroup(s, group, (long) s.n() * o * s.pixels() * s.patch(), (g0, count) -> {
            int t = count * tiles;
            int vPlane = planeStride(c * t);
            int mPlane = planeStride(o * t);
            float[] v = Scratch.floats(Scratch.WINOGRAD_INPUT, 16 * vPlane);
            float[] m = Scratch.floats(Scratch.WINOGRAD_PRODUCT, 16 * mPlane);
            transformImages(ops, x, s, g0, count, windows, v, vPlane);
            for (int xi = 0; xi < 16; xi++) {
                // V[xi] as transformImages left it: [c, t] read from planes, [t, c] (transposed) otherwise.
                Gemm.gemmOnCaller(
                        ops,
                        false,
                        !planes,
                        o,
                        t,
                        c,
                        1f,
                        u,
                        xi * uPlane,
                        c,
                        v,
                        xi * vPlane,
                        planes ? t : c,
                        0f,
                        m,
                        xi * mPlane,
                        t);
            }
            float[] pixels = Scratch.floats(Scratch.WINOGRAD_PIXELS, 4 * t);
            for (int oc = 0; oc < o; oc++) {
                int outAt = (g0 * o + oc) * s.pixels();
                if (ops.winogradOutputPlaced(
                        m, mPlane, oc * t, t, tiles, s.outH(), s.outW(), bias, oc, relu, out, outAt, o * s.pixels())) {
                    continue;
                }
                ops.winogradOutput(m, mPlane, oc * t, t, pixels, t);
                // Bias and ReLU on the filter's run of pixels, as addBiasAndRelu would on its planes.
                Conv2dKernels.addBiasAndRelu(pixels, 0, 4 * t, bias, oc, relu);
                for (int b = 0; b < count; b++) {
                    WinogradOutputTiles.place(
                            pixels, t, b * tiles, s.outH(), s.outW(), out, outAt + b * o * s.pixels());
                }
            }
        });
    }

    /**
     * {@code u[xi * plane + oc * c + ci]} = element {@code xi} of {@code G g G^T} for filter {@code g =
     * w[oc, ci]} (with {@code rotated}, {@code w[ci, oc]} turned by 180 degrees), with {@code G = [[1,
     * 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]} ({@link WinogradFilterTiles}). The filters
     * are split between threads; each element is computed alone, so the split changes nothing.
     */
    static void transformWeights(FloatOps ops, float[] w, boolean rotated, int o, int c, float[] u, int plane) {
        Parallel.forRange(o, 1, 40L * o * c, (o0, o1) -> ops.winogradFilters(w, rotated, o, c, o0, o1, u, plane));
    }

    /**
     * Whether {@link #transformImages} reads {@code s}'s images where they lie, a channel plane at a
     * time, and leaves each {@code V[xi]} as {@code [c, t]}; otherwise it turns each image channels last
     * first and leaves {@code V[xi]} transposed, {@code [t, c]}. A shape-only rule, though either way
     * gives the same values: only the layout, and so the GEMMs' reading of it, differ.
     */
    static boolean readsPlanes(ConvShape s) {
        return readsPlanes(s, MIN_TILES_PER_ROW);
    }

    /** {@link #readsPlanes} for callers with their own bound on the tiles a row ({@link WinogradWeightGradient}). */
    static boolean readsPlanes(ConvShape s, int minTilesPerRow) {
        return PLANES && (s.outW() + 1) / 2 >= minTilesPerRow;
    }

    /**
     * The windows {@link #transformImages} reads {@code s}'s images through where it does not {@link
     * #readsPlanes} ({@link WinogradInputTiles#windows}); {@code null} where it does ({@code planes}), as
     * it needs none.
     */
    static int[] windows(ConvShape s, boolean planes) {
        int tilesH = (s.outH() + 1) / 2;
        int tilesW = (s.outW() + 1) / 2;
        return planes ? null : WinogradInputTiles.windows(s.h(), s.w(), s.c(), s.padH(), s.padW(), tilesH, tilesW);
    }

    /**
     * Images {@code g0} to {@code g0 + count - 1} transformed into {@code v}: element {@code xi} of
     * column {@code col = b * tiles + i} (image {@code b}'s tile {@code i}) and channel {@code ci} at
     * {@code v[xi * vPlane + ci * count * tiles + col]} where {@code windows} is null (the caller's
     * {@link #readsPlanes}), each plane {@code [c, t]}: each channel plane is copied with its columns split by parity and its tiles transformed a
     * vector at a time ({@link WinogradInputTiles#transformPlane}), channel by channel and within a
     * channel image by image, the order in which a vector's floats past a row of tiles are overwritten
     * ({@link FloatOps#winogradInputPlane}). Otherwise at {@code v[xi * vPlane + col * c + ci]}, each
     * plane {@code [t, c]}, the GEMMs' {@code V[xi]} stored transposed: each image is first turned
     * channels last, with a pixel of zeros after it for the padding, so that the transform runs along
     * the channels, through {@code windows} ({@link #windows}).
     */
    static void transformImages(
            FloatOps ops, float[] x, ConvShape s, int g0, int count, int[] windows, float[] v, int vPlane) {
        if (windows != null) {
            transformChannelsLast(ops, x, s, g0, count, windows, v, vPlane);
            return;
        }
        int c = s.c();
        int pixels = s.h() * s.w();
        int tilesH = (s.outH() + 1) / 2;
        int tilesW = (s.outW() + 1) / 2;
        int tiles = tilesH * tilesW;
        int half = WinogradInputTiles.splitHalf(tilesW);
        int size = WinogradInputTiles.splitSize(tilesH, tilesW);
        float[] split = Scratch.floats(Scratch.WINOGRAD_IMAGE, size);
        Arrays.fill(split, 0, size, 0f);
        for (int ci = 0; ci < c; ci++) {
            for (int b = 0; b < count; b++) {
                ops.winogradSplit(x, ((g0 + b) * c + ci) * pixels, s.h(), s.w(), s.padH(), s.padW(), split, half);
                ops.winogradInputPlane(split, half, tilesH, tilesW, v, vPlane, (ci * count + b) * tiles);
            }
        }
    }

    /** {@link #transformImages} by way of each image turned channels last, through the {@code windows} of {@link WinogradInputTiles#windows}. */
    private static void transformChannelsLast(
            FloatOps ops, float[] x, ConvShape s, int g0, int count, int[] windows, float[] v, int vPlane) {
        int c = s.c();
        int pixels = s.h() * s.w();
        int tiles = windows.length / 16;
        float[] image = Scratch.floats(Scratch.WINOGRAD_IMAGE, (pixels + 1) * c);
        Arrays.fill(image, pixels * c, (pixels + 1) * c, 0f);
        for (int b = 0; b < count; b++) {
            ops.transpose(x, (g0 + b) * c * pixels, c, pixels, image, 0);
            ops.winogradInput(image, windows, tiles, c, v, vPlane, b * tiles * c);
        }
    }
}
