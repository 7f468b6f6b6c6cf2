package dev.tauon.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Like {@link FlopCounter}, for memory traffic: reported as GB/s. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {

    /** GB moved in this iteration; reported as GB/s. */
    public double gbytes;

    @Setup(Level.Iteration)
    public void reset() {
        gbytes = 0;
    }

    void add(double bytes) {
        gbytes += bytes * 1e-9;
    }
}
