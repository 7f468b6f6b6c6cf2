package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * Runs in a child JVM for {@link WinogradPlacedNarrowVectorsTest}: every case of {@link
 * WinogradOutputTilesTest.Placed} on the vector provider; prints how many the one pass took and that
 * all gave the three steps' bits, or exits with 1 naming the first that did not.
 */
final class WinogradPlacedMain {

    private WinogradPlacedMain() {}

    public static void main(String[] args) {
        FloatOps vector = Providers.get("vector");
        int placed = 0;
        for (int i = 0; i < 4 * WinogradOutputTilesTest.Placed.SHAPES.length; i++) {
            WinogradOutputTilesTest.Placed run = WinogradOutputTilesTest.Placed.run(vector, i);
            float[] wanted = run.placed() ? run.expected() : TestData.unwritten(run.expected().length);
            if (!Arrays.equals(wanted, run.actual())) {
                System.out.println("differs: " + run.what() + (run.placed() ? "" : " (not placed)"));
                System.exit(1);
            }
            placed += run.placed() ? 1 : 0;
        }
        System.out.println(vector.describe() + " placed=" + placed + " same");
    }
}
