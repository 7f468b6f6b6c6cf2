package dev.tauon.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Counts images processed; JMH divides by the measured time and reports images/s as a secondary result. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ImageCounter {

    /** Images processed in this iteration; reported as images/s. */
    public double images;

    @Setup(Level.Iteration)
    public void reset() {
        images = 0;
    }

    void add(int n) {
        images += n;
    }
}
