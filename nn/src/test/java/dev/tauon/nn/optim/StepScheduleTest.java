package dev.tauon.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each step schedule against rates worked out by hand, step by step from step 0. */
class StepScheduleTest {

    private static void assertRates(double[] expected, StepSchedule s) {
        for (int step = 0; step < expected.length; step++) {
            assertEquals(expected[step], s.rate(step), 1e-7, "step " + step);
        }
    }

    @Test
    void linearWarmupReachesTheRateAtTheLastWarmupStepAndStays() {
        // 0.1 * (step + 1) / 4 for steps 0..3, then 0.1
        assertRates(new double[] {0.025, 0.05, 0.075, 0.1, 0.1, 0.1}, StepSchedule.linearWarmup(0.1f, 4));
        assertRates(new double[] {0.3, 0.3}, StepSchedule.linearWarmup(0.3f, 1));
    }

    @Test
    void oneCycleIsATriangleFromStartUpToPeakAndDownToEnd() {
        // up: 0.02 -> 0.1 over steps 0..2 (0.04 a step); down: 0.1 -> 0.007 over steps 2..6 (0.02325 a step)
        assertRates(
                new double[] {0.02, 0.06, 0.1, 0.07675, 0.0535, 0.03025, 0.007, 0.007, 0.007},
                StepSchedule.oneCycle(0.02f, 0.1f, 0.007f, 2, 6));
        // a peak at step 0 starts at the peak
        assertRates(new double[] {1, 0.5, 0}, StepSchedule.oneCycle(0.2f, 1f, 0f, 0, 2));
    }

    @Test
    void oneCycleWithAirbenchProportions() {
        // airbench94: 0.2 of the peak at step 0, the peak at int(0.23 * total), 0.07 of it at the end
        long total = 100;
        StepSchedule s = StepSchedule.oneCycle(0.2f, 1f, 0.07f, (long) (0.23 * total), total);
        assertEquals(0.2, s.rate(0), 1e-7);
        assertEquals(0.2 + 0.8 * 10 / 23.0, s.rate(10), 1e-7);
        assertEquals(1.0, s.rate(23), 1e-7);
        assertEquals(1 - 0.93 * 50 / 77.0, s.rate(73), 1e-7);
        assertEquals(0.07, s.rate(100), 1e-7);
    }

    @Test
    void cosineWithWarmupWarmsUpLinearlyThenFollowsHalfACosine() {
        double c = Math.sqrt(0.5); // cos(pi/4)
        // warm-up 0.05, 0.1; cosine over steps 2..6 at progress 0, 1/4, 1/2, 3/4, 1
        assertRates(
                new double[] {0.05, 0.1, 0.1, 0.1 * (1 + c) / 2, 0.05, 0.1 * (1 - c) / 2, 0, 0, 0},
                StepSchedule.cosineWithWarmup(0.1f, 0f, 2, 6));
        assertRates(
                new double[] {0.1, 0.01 + 0.09 * (1 + c) / 2, 0.055, 0.01 + 0.09 * (1 - c) / 2, 0.01, 0.01},
                StepSchedule.cosineWithWarmup(0.1f, 0.01f, 0, 4));
    }

    @Test
    void badStepCountsAreRefusedWithTheirValues() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StepSchedule.linearWarmup(0.1f, 0));
        assertTrue(e.getMessage().contains("warmupSteps must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StepSchedule.oneCycle(0f, 1f, 0f, 5, 5));
        assertTrue(e.getMessage().contains("peakStep 5, totalSteps 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StepSchedule.oneCycle(0f, 1f, 0f, -1, 5));
        e = assertThrows(IllegalArgumentException.class, () -> StepSchedule.cosineWithWarmup(1f, 0f, 10, 10));
        assertTrue(e.getMessage().contains("warmupSteps 10, totalSteps 10"), e.getMessage());
    }
}
