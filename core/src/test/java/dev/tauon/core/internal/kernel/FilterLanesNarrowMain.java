package dev.tauon.core.internal.kernel;

/**
 * Runs in a child JVM for {@link FilterLanesNarrowVectorsTest}: the forward shapes of {@link
 * FilterLanesProductTest} against the im2col path and the weight gradients of {@link
 * FilterLanesWeightGradientTest} against the GEMM's, through the vector provider's filter-lanes
 * tile; prints the tile's class and that all gave the same bits, or fails with the first that did not.
 */
final class FilterLanesNarrowMain {

    private FilterLanesNarrowMain() {}

    public static void main(String[] args) {
        FloatOps vector = Providers.get("vector");
        FilterLanesTileKernel kernel = vector.filterLanesKernel();
        for (ConvShape s : FilterLanesProductTest.SHAPES) {
            ForwardPathCheck.assertGivesTheLoweredBits(vector, s, 61, ConvForwardPath.DIRECT_FILTER_LANES);
        }
        for (ConvShape s : FilterLanesWeightGradientTest.SHAPES) {
            FilterLanesWeightGradientTest.assertGivesTheGemmsBits(vector, s);
        }
        System.out.println(kernel.getClass().getSimpleName() + " filters=" + kernel.filters() + " same");
    }
}
