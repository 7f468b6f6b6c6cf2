package dev.tauon.core;

import dev.tauon.core.internal.kernel.Gemm;

/** Matrix products, 2-D and batched 3-D, on top of {@link Gemm}. */
final class MatmulOps {
    private MatmulOps() {}

    static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.shape.length;
        int rb = b.shape.length;
        if (!(ra == 2 && rb == 2) && !(ra == 3 && rb == 3)) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape)
                    + ": need two 2-D or two 3-D (batched) tensors");
        }
        int batch = ra == 3 ? a.shape[0] : 1;
        if (ra == 3 && b.shape[0] != batch) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape)
                    + ": batch sizes " + batch + " and " + b.shape[0] + " differ");
        }
        int m = a.shape[ra - 2];
        int k = a.shape[ra - 1];
        int k2 = b.shape[rb - 2];
        int n = b.shape[rb - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape)
                    + ": inner dimensions " + k + " and " + k2 + " differ");
        }
        int[] shape = ra == 3 ? new int[] {batch, m, n} : new int[] {m, n};
        if ((long) batch * m * n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape)
                    + ": the result " + Shapes.str(shape) + " would hold more than 2^31-1 elements");
        }
        float[] out = new float[batch * m * n];
        float[] x = a.data;
        float[] y = b.data;
        for (int p = 0; p < batch; p++) {
            Gemm.gemm(false, false, m, n, k, 1f, x, p * m * k, k, y, p * k * n, n, 0f, out, p * m * n, n);
        }
        return Tensor.result(
                out,
                shape,
                "matmul",
                g -> {
                    if (a.requiresGrad) { // dA = G @ B^T
                        float[] ga = new float[x.length];
                        for (int p = 0; p < batch; p++) {
                            Gemm.gemm(false, true, m, k, n, 1f, g, p * m * n, n, y, p * k * n, n, 0f, ga, p * m * k, k);
                        }
                        a.accumulateOwnedGrad(ga);
                    }
                    if (b.requiresGrad && ra == 2 && BatchSums.splits(m)) {
                        b.accumulateOwnedGrad(rightGradInBlocks(x, g, m, k, n));
                    } else if (b.requiresGrad) { // dB = A^T @ G
                        float[] gb = new float[y.length];
                        for (int p = 0; p < batch; p++) {
                            Gemm.gemm(true, false, k, n, m, 1f, x, p * m * k, k, g, p * m * n, n, 0f, gb, p * k * n, n);
                        }
                        b.accumulateOwnedGrad(gb);
                    }
                },
                a,
                b);
    }

    /**
     * dB = A^T @ G for a 2-D product whose rows are a batch, as one GEMM per block of rows (see
     * {@link BatchSums}) added by the fixed tree: a Dense layer's weight gradient that a machine
     * holding whole blocks of the batch computes bit for bit.
     */
    private static float[] rightGradInBlocks(float[] x, float[] g, int m, int k, int n) {
        return BatchSums.overBlocks(m, k * n, (first, rows) -> {
            float[] leaf = new float[k * n];
            Gemm.gemm(true, false, k, n, rows, 1f, x, first * k, k, g, first * n, n, 0f, leaf, 0, n);
            return leaf;
        });
    }
}
