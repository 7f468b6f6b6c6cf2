package dev.tauon.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH reports an {@link AuxCounters.Type#OPERATIONS} counter divided by the measured time, so a
 * counter of giga-operations done becomes a secondary result in giga-operations per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {

    /** GFLOP done in this iteration; reported as GFLOP/s. */
    public double gflops;

    @Setup(Level.Iteration)
    public void reset() {
        gflops = 0;
    }

    void add(double flop) {
        gflops += flop * 1e-9;
    }
}
