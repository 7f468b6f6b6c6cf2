package dev.tauon.core.internal.kernel;

/**
 * The weight gradient of a convolution that goes forward by {@link WinogradConv2d}, by the same
 * transform. Forward, tile {@code Y = A^T [U .* V] A} with {@code U = G g G^T}; so the loss's
 * gradient with respect to {@code U} is {@code sum over tiles of (A dY A^T) .* V}, and with respect
 * to the filter {@code G^T dU G}. Summed over the channels' pairs that is 16 GEMMs {@code dU[xi] =
 * Z[xi] * V[xi]^T} ({@code [o, tiles]} by {@code [tiles, c]}), whose depth is every tile of the
 * batch: 16 multiply-adds a tile and channel pair where im2col's GEMM does 36.
 *
 * <p>The sum over the batch is ordered by the shape alone, as {@link Conv2dKernels#backwardWeight}
 * orders it: chunks of whole images ({@link Conv2dKernels#weightGradChunks}), each summed by one
 * thread in groups of a fixed number of images ({@link #imagesPerGroup}, no thread count in it),
 * the chunks' partial sums added in chunk order. So 1 and 2 threads, and both providers, give the
 * same bits.
 */
final class WinogradWeightGradient {

    private WinogradWeightGradient() {}

    /**
     * Tiles per group at most: the GEMMs' depth between two additions into the running sum. Not
     * tuned: it makes groups of four 16x16 images (64 tiles each), sixteen 8x8 ones.
     */
    static final int TARGET_COLUMNS = 256;

    /**
     * Tiles a row of an image's grid must have for the weight gradient to read the images a plane at a
     * time ({@link WinogradConv2d#readsPlanes}): more than for the forward pass, as its GEMMs then pack
     * {@code V[xi]} transposed, a gather per panel row. Measured as {@link
     * WinogradConv2d#MIN_TILES_PER_ROW} was: rows of 16 tiles (res64x32) +4%, rows of 8 (res64x16) 4-13%
     * slower.
     */
    static final int MIN_TILES_PER_ROW = 16;

    /** gradW (overwritten) for a shape {@link WinogradConv2d#applies} takes. */
    static void backwardWeight(FloatOps ops, float[] x, float[] gradOut, float[] gradW, ConvShape s) {
        int c = s.c();
        int o = s.o();
        int duPlane = WinogradConv2d.planeStride(o * c);
        int size = 16 * duPlane;
        int tilesH = (s.outH() + 1) / 2;
        int tilesW = (s.outW() + 1) / 2;
        int perChunk = Conv2dKernels.imagesPerChunk(s);
        int count = (s.n() + perChunk - 1) / perChunk;
        int group = imagesPerGroup(tilesH * tilesW, perChunk);
        float[] partials = Scratch.floats(Scratch.PARTIALS, count * size);
        int[] windows = WinogradConv2d.windows(s, WinogradConv2d.readsPlanes(s, MIN_TILES_PER_ROW));
        Parallel.forRange(count, 1, (long) s.n() * o * s.pixels() * s.patch(), (c0, c1) -> {
            for (int chunk = c0; chunk < c1; chunk++) {
                int end = Math.min(s.n(), (chunk + 1) * perChunk);
                for (int g0 = chunk * perChunk; g0 < end; g0 += group) {
                    addGroup(
                            ops,
                            x,
                            gradOut,
                            s,
                            g0,
                            Math.min(group, end - g0),
                            g0 > chunk * perChunk,
                            partials,
                            chunk * size,
                            duPlane,
                            windows);
                }
            }
        });
        float[] sum = Scratch.floats(Scratch.WINOGRAD_WEIGHTS, size);
        // The line of padding after each plane is never written; whatever it holds is summed and never read.
        Conv2dKernels.addPartials(ops, partials, count, size, sum);
        // G^T dU G (WinogradFilterTiles.gradient), each filter alone, so the split between
        // threads changes nothing.
        Parallel.forRange(
                o, 1, 40L * o * c, (o0, o1) -> ops.winogradFilterGradients(sum, duPlane, o0 * c, o1 * c, gradW));
    }

    /** Images a group sums before adding into its chunk's total: by the shape alone (it orders the sum). */
    static int imagesPerGroup(int tiles, int perChunk) {
        return Math.max(1, Math.min(perChunk, TARGET_COLUMNS / tiles));
    }

    /**
     * {@code dU[xi] (+)= Z[xi] * V[xi]^T} for {@code count} images from {@code g0}, into {@code sum[at +
     * xi * duPlane ...]}; {@code V[xi]} is stored as {@link WinogradConv2d#transformImages} writes it
     * through {@code windows} ({@link WinogradConv2d#windows}): {@code [c, tiles]} where there are none, {@code
     * [tiles, c]} otherwise.
     */
    private static void addGroup(
            FloatOps ops,
            float[] x,
            float[] gradOut,
            ConvShape s,
            int g0,
            int count,
            boolean add,
            float[] sum,
            int at,
            int duPlane,
            int[] windows) {
        int c = s.c();
        int o = s.o();
        int tilesH = (s.outH() + 1) / 2;
        int tilesW = (s.outW() + 1) / 2;
        int tiles = tilesH * tilesW;
        int t = count * tiles;
        int vPlane = WinogradConv2d.planeStride(c * t);
        int zPlane = WinogradConv2d.planeStride(o * t);
        float[] v = Scratch.floats(Scratch.WINOGRAD_INPUT, 16 * vPlane);
        float[] z = Scratch.floats(Scratch.WINOGRAD_PRODUCT, 16 * zPlane);
        WinogradConv2d.transformImages(ops, x, s, g0, count, windows, v, vPlane);
        boolean planes = windows == null;
        // Each of the four runs of pixels keeps a spare vector after it, for winogradTilePixels' stores.
        int stride = t + WinogradInputTiles.SPARE;
        float[] pixels = Scratch.floats(Scratch.WINOGRAD_PIXELS, 4 * stride);
        for (int oc = 0; oc < o; oc++) {
            for (int b = 0; b < count; b++) {
                ops.winogradTilePixels(
                        gradOut, ((g0 + b) * o + oc) * s.pixels(), s.outH(), s.outW(), pixels, stride, b * tiles);
            }
            ops.winogradOutputGradient(pixels, stride, t, z, zPlane, oc * t);
        }
        for (int xi = 0; xi < 16; xi++) {
            // V[xi] as transformImages left it: [c, t] read from planes (so transposed here), [t, c] otherwise.
            Gemm.gemmOnCaller(
                    ops,
                    false,
                    planes,
                    o,
                    c,
                    t,
                    1f,
                    z,
                    xi * zPlane,
                    t,
                    v,
                    xi * vPlane,
                    planes ? t : c,
                    add ? 1f : 0f,
                    sum,
                    at + xi * duPlane,
                    c);
        }
    }
}
