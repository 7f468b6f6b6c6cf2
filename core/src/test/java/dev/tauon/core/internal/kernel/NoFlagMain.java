package dev.tauon.core.internal.kernel;

/**
 * Run by {@link NoVectorFlagTest} in a JVM started without {@code --add-modules jdk.incubator.vector}:
 * loads the library, runs each kernel once against the naive references and prints a
 * {@link TrainingChecksum}, an {@link OpsChecksum} and the active provider. Exits non-zero on any mismatch.
 */
public final class NoFlagMain {

    private NoFlagMain() {}

    public static void main(String[] args) {
        int m = 37;
        int n = 41;
        int k = 300;
        float[] a = TestData.uniform(1, m * k);
        float[] b = TestData.uniform(2, k * n);
        float[] c = new float[m * n];
        float[] expected = new float[m * n];
        Gemm.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
        NaiveGemm.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, expected, 0, n);
        for (int i = 0; i < c.length; i++) {
            if (Math.abs(c[i] - expected[i]) > 1e-3f) {
                throw new AssertionError("gemm differs at " + i + ": " + c[i] + " vs " + expected[i]);
            }
        }
        ConvShape s = new ConvShape(2, 3, 9, 9, 4, 3, 3, 2, 2, 1, 1);
        float[] x = TestData.uniform(3, 2 * 3 * 9 * 9);
        float[] w = TestData.uniform(4, 4 * 3 * 3 * 3);
        float[] out = new float[2 * 4 * s.outH() * s.outW()];
        Conv2dKernels.forward(x, w, null, out, s);
        Approx.assertClose(NaiveConv.forward(x, w, null, s), out, 1e-5, "conv forward");
        float[] pooled = new float[2 * 3 * 4 * 4];
        int[] argmax = new int[pooled.length];
        PoolShape p = new PoolShape(2, 3, 9, 9, 2, 2, 2, 2);
        MaxPool2dKernels.forward(x, pooled, argmax, p);
        for (int q = 0, j = 0; q < 2 * 3; q++) {
            for (int oy = 0; oy < 4; oy++) {
                for (int ox = 0; ox < 4; ox++, j++) {
                    int first = NaivePool.argmax(x, p, q, oy, ox);
                    if (argmax[j] != first || pooled[j] != x[first]) {
                        throw new AssertionError("max pool differs at " + j + ": index " + argmax[j] + " vs " + first);
                    }
                }
            }
        }
        System.out.println("checksum=" + TrainingChecksum.compute());
        System.out.println("opsChecksum=" + OpsChecksum.compute());
        System.out.println("describe=" + SimdSupport.active().describe());
        System.out.println("provider=" + SimdSupport.active().name() + " vectorModule="
                + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    }
}
