package dev.tauon.core.internal.kernel;

/**
 * Child-JVM main of {@link VectorKernelsNeedNoTypeProfileTest}: two-thread GEMMs for two seconds,
 * and at least 400 calls, long enough for C2 to compile the GEMM micro-kernel.
 */
public final class GemmLoopMain {

    /** {@code -Dtauon.test.transA=true}: A read transposed, so that its panels are packed by {@code packTransposedPanel}. */
    private static final boolean TRANSPOSED_A = Boolean.getBoolean("tauon.test.transA");

    private GemmLoopMain() {}

    public static void main(String[] args) {
        int n = 256;
        Parallel.setThreads(2);
        float[] a = TestData.uniform(1, n * n);
        float[] b = TestData.uniform(2, n * n);
        float[] c = new float[n * n];
        long end = System.nanoTime() + 2_000_000_000L;
        long limit = System.nanoTime() + 60_000_000_000L;
        int calls = 0;
        // At least 400 calls (100,000 kernel invocations) as well: on a busy machine two seconds of wall
        // time were too few for C2 to get to the kernel at all.
        while ((System.nanoTime() < end || calls < 400) && System.nanoTime() < limit) {
            Gemm.gemm(TRANSPOSED_A, false, n, n, n, 1f, a, 0, n, b, 0, n, calls % 2, c, 0, n);
            calls++;
        }
        System.out.println("provider=" + SimdSupport.active().name() + " calls=" + calls);
    }
}
