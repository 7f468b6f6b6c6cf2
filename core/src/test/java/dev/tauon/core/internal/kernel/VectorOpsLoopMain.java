package dev.tauon.core.internal.kernel;

/**
 * Child-JVM main of {@link VectorKernelsNeedNoTypeProfileTest}: the active provider's {@link
 * FloatOps#addRuns} on runs of 32 floats (conv2's channels) and of 64 (conv3's), {@link
 * FloatOps#add}, {@link FloatOps#reluBackward}, and the Winograd transforms: {@link
 * FloatOps#winogradInput} (a 4x4 image of 40 channels, padded: two vectors and a tail a tile),
 * {@link FloatOps#winogradSplit} and {@link FloatOps#winogradInputPlane} (padded 16x19 and 16x16 planes),
 * {@link FloatOps#winogradTilePixels} (a 16x16 output gradient),
 * {@link FloatOps#winogradOutput} and {@link FloatOps#winogradOutputGradient} (40 tiles), {@link
 * FloatOps#winogradOutputPlaced} (the 64 tiles of a 16x16 output, with bias and ReLU), {@link
 * FloatOps#winogradFilters} (straight and rotated) and {@link FloatOps#winogradFilterGradients} (3 x
 * 40 filters), and {@link FloatOps#gelu} and {@link FloatOps#geluGradient} (inputs from -4 to 4, so
 * some lanes of some vectors leave the erf series' range); for two seconds and at least 20,000 calls, long enough for C2 to compile each of
 * their loops.
 */
public final class VectorOpsLoopMain {

    private VectorOpsLoopMain() {}

    public static void main(String[] args) {
        FloatOps ops = SimdSupport.active();
        float[] src = TestData.uniform(1, 13 * 9 * 64);
        float[] dst = new float[15 * 64];
        float[] relu = new float[13 * 64];
        int[] windows = WinogradInputTiles.windows(4, 4, 40, 1, 1, 2, 2);
        float[] image = TestData.uniform(2, 17 * 40);
        float[] tiles = new float[16 * 4 * 40];
        float[] taps = new float[9 * 120];
        float[] products = TestData.uniform(4, 16 * 64);
        float[] plane = new float[16 * 16];
        float[] bias = {0.5f};
        // A 16x19 plane, padded: rows of 10 tiles (a vector stored whole over the next row) and of 19 columns (a vector
        // and a tail).
        int half = WinogradInputTiles.splitHalf(10);
        // And a 16x16 one: rows of 8 tiles, two a vector with 16 lanes.
        int pairsHalf = WinogradInputTiles.splitHalf(8);
        float[] split = new float[WinogradInputTiles.splitSize(8, 10)];
        float[] planes = new float[16 * (80 + WinogradInputTiles.SPARE)];
        float[] geluInput = TestData.uniform(3, 13 * 64);
        for (int i = 0; i < geluInput.length; i++) {
            geluInput[i] *= 4;
        }
        float[] geluOutput = new float[geluInput.length];
        long end = System.nanoTime() + 2_000_000_000L;
        long limit = System.nanoTime() + 60_000_000_000L;
        int calls = 0;
        while ((System.nanoTime() < end || calls < 20_000) && System.nanoTime() < limit) {
            ops.addRuns(src, 0, 9 * 32, dst, 0, 32, 13, 32);
            ops.addRuns(src, 0, 9 * 64, dst, 0, 64, 13, 64);
            ops.add(src, 0, dst, 0, 13 * 64);
            ops.reluBackward(src, dst, relu, 0, relu.length);
            ops.winogradInput(image, windows, 4, 40, tiles, 4 * 40, 0);
            ops.winogradSplit(src, 0, 16, 19, 1, 1, split, half);
            ops.winogradInputPlane(split, half, 8, 10, planes, 80 + WinogradInputTiles.SPARE, 0);
            ops.winogradSplit(src, 0, 16, 16, 1, 1, split, pairsHalf);
            ops.winogradInputPlane(split, pairsHalf, 8, 8, planes, 80 + WinogradInputTiles.SPARE, 0);
            ops.winogradOutput(tiles, 40, 0, 40, dst, 40);
            ops.winogradOutputPlaced(products, 64, 0, 64, 64, 16, 16, bias, 0, true, plane, 0, 256);
            ops.winogradFilters(src, calls % 2 == 0, 3, 40, 0, 3, tiles, 120);
            ops.winogradFilterGradients(tiles, 120, 0, 120, taps);
            ops.winogradOutputGradient(tiles, 40, 40, dst, 40, 0);
            ops.winogradTilePixels(src, 0, 16, 16, planes, 64 + WinogradInputTiles.SPARE, 0);
            ops.gelu(geluInput, geluOutput, 0, geluInput.length);
            ops.geluGradient(geluInput, src, geluOutput, 0, geluInput.length);
            calls++;
        }
        System.out.println("provider=" + ops.name() + " calls=" + calls + " " + dst[7] + " " + relu[7] + " " + tiles[7]
                + " " + taps[7] + " " + geluOutput[7] + " " + plane[7] + " " + planes[7]);
    }
}
