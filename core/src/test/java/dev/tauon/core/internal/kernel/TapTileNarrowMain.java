package dev.tauon.core.internal.kernel;

/**
 * Runs in a child JVM for {@link TapTileNarrowVectorsTest}: the shapes of {@link
 * TapByTapInputGradientTest} through the vector provider's tap tiles against col2im's input
 * gradient; prints the tile's class and that all gave the same bits, or fails with the first that
 * did not.
 */
final class TapTileNarrowMain {

    private TapTileNarrowMain() {}

    public static void main(String[] args) {
        FloatOps vector = Providers.get("vector");
        for (ConvShape s : TapByTapInputGradientTest.SHAPES) {
            TapByTapInputGradientTest.assertGivesCol2imsBits(vector, s);
        }
        TapTileKernel tile = vector.tapTileKernel(32);
        System.out.println(tile.getClass().getSimpleName() + " channels=" + tile.channels() + " same");
    }
}
