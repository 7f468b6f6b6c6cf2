package dev.tauon.benchmarks;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loops shaped like the row kernels' inner steps, on data in L1, one thread: what C2's code for
 * such a step can reach on this CPU, apart from the kernels' indexing, calls and memory. Three
 * loops, 512-bit vectors (run on an AVX-512 host):
 *
 * <ul>
 *   <li>{@code loads}: three vector loads and 12 FMAs a step, the loads at the offsets given, so
 *       that whole vectors (0, 16, 32) and vectors across two cache lines (0, 1, 2) compare;
 *   <li>{@code window}: the shifted-rows forward step (18 FMAs in six chains of three, a window of
 *       sums that moves down a row, two stores);
 *   <li>{@code broadcasts}: 12 FMAs, two loads and six broadcasts from memory a step.
 * </ul>
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.tauon.benchmarks.VectorLoopProbe
 * }</pre>
 *
 * Prints GFLOP/s (two per FMA lane) for each loop, four rounds. Each loop adds its sums up in one
 * chain of calls at its end, written out: passed to a varargs helper, they were boxed inside the
 * {@code window} loop, which then ran at 16-19 GFLOP/s.
 */
public final class VectorLoopProbe {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int STEPS = 20_000_000;

    private VectorLoopProbe() {}

    public static void main(String[] args) {
        float[] x = new float[4096];
        float[] w = new float[512];
        float[] out = new float[4096 + 2048];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) * 0.01f;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5) * 0.1f;
        }
        int[][] offsets = {{0, 16, 32}, {0, 1, 2}, {1, 17, 33}, {3, 4, 5}};
        float sink = 0;
        for (int round = 0; round < 4; round++) {
            StringBuilder line = new StringBuilder();
            for (int[] o : offsets) {
                sink += loads(x, o[0], o[1] - o[0], o[2] - o[0], STEPS / 10); // warm-up
                long start = System.nanoTime();
                sink += loads(x, o[0], o[1] - o[0], o[2] - o[0], STEPS);
                line.append(String.format("loads(%d,%d,%d) %.1f  ", o[0], o[1], o[2], gflops(12, start)));
            }
            sink += window(x, w, out, STEPS / 10);
            long start = System.nanoTime();
            sink += window(x, w, out, STEPS);
            line.append(String.format("window %.1f  ", gflops(18, start)));
            sink += broadcasts(x, w, STEPS / 10);
            start = System.nanoTime();
            sink += broadcasts(x, w, STEPS);
            line.append(String.format("broadcasts %.1f GFLOP/s", gflops(12, start)));
            System.out.println(line);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static double gflops(int fmasPerStep, long start) {
        return (double) STEPS * fmasPerStep * 2 * S.length() / (System.nanoTime() - start);
    }

    /** 12 independent sums; a step loads three vectors at {@code row + 0, d1, d2}. */
    private static float loads(float[] x, int base, int d1, int d2, int steps) {
        FloatVector w0 = FloatVector.broadcast(S, 0.5f);
        FloatVector w1 = FloatVector.broadcast(S, 0.25f);
        FloatVector w2 = FloatVector.broadcast(S, 0.125f);
        FloatVector w3 = FloatVector.broadcast(S, 0.3f);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        FloatVector a9 = a0;
        FloatVector a10 = a0;
        FloatVector a11 = a0;
        for (int i = 0; i < steps; i++) {
            int row = base + ((i * 32) & 2047);
            FloatVector in0 = FloatVector.fromArray(S, x, row);
            FloatVector in1 = FloatVector.fromArray(S, x, row + d1);
            FloatVector in2 = FloatVector.fromArray(S, x, row + d2);
            a0 = in0.fma(w0, a0);
            a1 = in0.fma(w1, a1);
            a2 = in0.fma(w2, a2);
            a3 = in0.fma(w3, a3);
            a4 = in1.fma(w0, a4);
            a5 = in1.fma(w1, a5);
            a6 = in1.fma(w2, a6);
            a7 = in1.fma(w3, a7);
            a8 = in2.fma(w0, a8);
            a9 = in2.fma(w1, a9);
            a10 = in2.fma(w2, a10);
            a11 = in2.fma(w3, a11);
        }
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** The shifted-rows step: sums of rows i, i - 1, i - 2 for two filters, the oldest stored. */
    private static float window(float[] x, float[] w, float[] out, int steps) {
        FloatVector w00 = FloatVector.broadcast(S, w[0]);
        FloatVector w01 = FloatVector.broadcast(S, w[1]);
        FloatVector w02 = FloatVector.broadcast(S, w[2]);
        FloatVector w03 = FloatVector.broadcast(S, w[3]);
        FloatVector w04 = FloatVector.broadcast(S, w[4]);
        FloatVector w05 = FloatVector.broadcast(S, w[5]);
        FloatVector w06 = FloatVector.broadcast(S, w[6]);
        FloatVector w07 = FloatVector.broadcast(S, w[7]);
        FloatVector w08 = FloatVector.broadcast(S, w[8]);
        FloatVector w10 = FloatVector.broadcast(S, w[9]);
        FloatVector w11 = FloatVector.broadcast(S, w[10]);
        FloatVector w12 = FloatVector.broadcast(S, w[11]);
        FloatVector w13 = FloatVector.broadcast(S, w[12]);
        FloatVector w14 = FloatVector.broadcast(S, w[13]);
        FloatVector w15 = FloatVector.broadcast(S, w[14]);
        FloatVector w16 = FloatVector.broadcast(S, w[15]);
        FloatVector w17 = FloatVector.broadcast(S, w[16]);
        FloatVector w18 = FloatVector.broadcast(S, w[17]);
        FloatVector zero = FloatVector.zero(S);
        FloatVector q0 = zero;
        FloatVector q1 = zero;
        FloatVector r0 = zero;
        FloatVector r1 = zero;
        for (int i = 0; i < steps; i++) {
            int row = (i * 32) & 2047;
            FloatVector p0 = q0;
            FloatVector p1 = q1;
            q0 = r0;
            q1 = r1;
            FloatVector in0 = FloatVector.fromArray(S, x, row);
            r0 = in0.fma(w00, zero);
            r1 = in0.fma(w10, zero);
            q0 = in0.fma(w03, q0);
            q1 = in0.fma(w13, q1);
            p0 = in0.fma(w06, p0);
            p1 = in0.fma(w16, p1);
            FloatVector in1 = FloatVector.fromArray(S, x, row + 1);
            r0 = in1.fma(w01, r0);
            r1 = in1.fma(w11, r1);
            q0 = in1.fma(w04, q0);
            q1 = in1.fma(w14, q1);
            p0 = in1.fma(w07, p0);
            p1 = in1.fma(w17, p1);
            FloatVector in2 = FloatVector.fromArray(S, x, row + 2);
            r0 = in2.fma(w02, r0);
            r1 = in2.fma(w12, r1);
            q0 = in2.fma(w05, q0);
            q1 = in2.fma(w15, q1);
            p0 = in2.fma(w08, p0);
            p1 = in2.fma(w18, p1);
            p0.intoArray(out, row);
            p1.intoArray(out, row + 2048);
        }
        return q0.add(q1).add(r0).add(r1).reduceLanes(VectorOperators.ADD);
    }

    /** 12 independent sums; a step loads two vectors and broadcasts six floats, each used twice. */
    private static float broadcasts(float[] x, float[] w, int steps) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        FloatVector a9 = a0;
        FloatVector a10 = a0;
        FloatVector a11 = a0;
        for (int i = 0; i < steps; i++) {
            int row = (i * 32) & 2047;
            int at = (i * 8) & 255;
            FloatVector in0 = FloatVector.fromArray(S, x, row);
            FloatVector in1 = FloatVector.fromArray(S, x, row + 1);
            FloatVector b = FloatVector.broadcast(S, w[at]);
            a0 = in0.fma(b, a0);
            a1 = in1.fma(b, a1);
            b = FloatVector.broadcast(S, w[at + 1]);
            a2 = in0.fma(b, a2);
            a3 = in1.fma(b, a3);
            b = FloatVector.broadcast(S, w[at + 2]);
            a4 = in0.fma(b, a4);
            a5 = in1.fma(b, a5);
            b = FloatVector.broadcast(S, w[at + 3]);
            a6 = in0.fma(b, a6);
            a7 = in1.fma(b, a7);
            b = FloatVector.broadcast(S, w[at + 4]);
            a8 = in0.fma(b, a8);
            a9 = in1.fma(b, a9);
            b = FloatVector.broadcast(S, w[at + 5]);
            a10 = in0.fma(b, a10);
            a11 = in1.fma(b, a11);
        }
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
