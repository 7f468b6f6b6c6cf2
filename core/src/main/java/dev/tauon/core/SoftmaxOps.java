package dev.tauon.core;

import dev.tauon.core.internal.kernel.Softmax;
import java.util.Arrays;

/** Softmax, log-softmax and the fused softmax cross-entropy losses. */
final class SoftmaxOps {
    private SoftmaxOps() {}

    static Tensor softmax(Tensor a, int axis) {
        int ax = Shapes.axis("softmax", axis, a.shape);
        int outer = Shapes.outer(a.shape, ax);
        int n = a.shape[ax];
        int inner = Shapes.inner(a.shape, ax);
        float[] out = new float[a.data.length];
        Softmax.softmax(a.data, out, outer, n, inner);
        // dx_k = y_k * (g_k - sum_j g_j y_j)
        return Tensor.result(
                out,
                a.shape,
                "softmax",
                g -> {
                    float[] ga = new float[g.length];
                    forEachRow(outer, n, inner, (base) -> {
                        double dot = 0;
                        for (int k = 0; k < n; k++) {
                            dot += (double) g[base + k * inner] * out[base + k * inner];
                        }
                        for (int k = 0; k < n; k++) {
                            int idx = base + k * inner;
                            ga[idx] = out[idx] * (g[idx] - (float) dot);
                        }
                    });
                    a.accumulateOwnedGrad(ga);
                },
                a);
    }

    static Tensor logSoftmax(Tensor a, int axis) {
        int ax = Shapes.axis("logSoftmax", axis, a.shape);
        int outer = Shapes.outer(a.shape, ax);
        int n = a.shape[ax];
        int inner = Shapes.inner(a.shape, ax);
        float[] out = new float[a.data.length];
        Softmax.logSoftmax(a.data, out, outer, n, inner);
        // dx_k = g_k - softmax_k * sum_j g_j
        return Tensor.result(
                out,
                a.shape,
                "logSoftmax",
                g -> {
                    float[] ga = new float[g.length];
                    forEachRow(outer, n, inner, (base) -> {
                        double sum = 0;
                        for (int k = 0; k < n; k++) {
                            sum += g[base + k * inner];
                        }
                        for (int k = 0; k < n; k++) {
                            int idx = base + k * inner;
                            ga[idx] = g[idx] - (float) Math.exp(out[idx]) * (float) sum;
                        }
                    });
                    a.accumulateOwnedGrad(ga);
                },
                a);
    }

    static Tensor crossEntropy(Tensor logits, int[] labels) {
        int[] s = logits.shape;
        if (s.length != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [batch, classes], got " + Shapes.str(s));
        }
        int n = s[0];
        int c = s[1];
        if (labels.length != n) {
            throw new IllegalArgumentException(
                    "crossEntropy: logits " + Shapes.str(s) + " but " + labels.length + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " at row " + i
                        + " is outside [0, " + c + ") for logits " + Shapes.str(s));
            }
        }
        float[] logp = new float[logits.data.length];
        Softmax.logSoftmax(logits.data, logp, n, c, 1);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss -= logp[i * c + labels[i]];
        }
        int[] saved = labels.clone();
        return Tensor.result(
                new float[] {(float) (loss / n)},
                new int[0],
                "crossEntropy",
                g -> {
                    // d/dz = (softmax(z) - onehot) / n
                    float scale = g[0] / n;
                    float[] gz = new float[logp.length];
                    for (int i = 0; i < n; i++) {
                        for (int k = 0; k < c; k++) {
                            gz[i * c + k] = (float) Math.exp(logp[i * c + k]) * scale;
                        }
                        gz[i * c + saved[i]] -= scale;
                    }
                    logits.accumulateOwnedGrad(gz);
                },
                logits);
    }

    static Tensor crossEntropy(Tensor logits, Tensor targets) {
        int[] s = logits.shape;
        if (s.length != 2 || !Arrays.equals(s, targets.shape)) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shapes.str(s) + " and targets "
                    + Shapes.str(targets.shape) + " must both be [batch, classes]");
        }
        int n = s[0];
        int c = s[1];
        float[] logp = new float[logits.data.length];
        Softmax.logSoftmax(logits.data, logp, n, c, 1);
        float[] t = targets.data;
        double loss = 0;
        for (int i = 0; i < logp.length; i++) {
            if (t[i] != 0f) { // 0 * -inf would be NaN for a class with zero probability
                loss -= (double) t[i] * logp[i];
            }
        }
        return Tensor.result(
                new float[] {(float) (loss / n)},
                new int[0],
                "crossEntropy",
                g -> {
                    float scale = g[0] / n;
                    // d/dz_k = (softmax_k * sum_j t_j - t_k) / n ; d/dt_k = -logp_k / n
                    float[] gz = new float[logp.length];
                    for (int i = 0; i < n; i++) {
                        double tsum = 0;
                        for (int k = 0; k < c; k++) {
                            tsum += t[i * c + k];
                        }
                        for (int k = 0; k < c; k++) {
                            int idx = i * c + k;
                            gz[idx] = ((float) Math.exp(logp[idx]) * (float) tsum - t[idx]) * scale;
                        }
                    }
                    logits.accumulateOwnedGrad(gz);
                    if (targets.requiresGrad) {
                        float[] gt = new float[t.length];
                        for (int i = 0; i < t.length; i++) {
                            gt[i] = -logp[i] * scale;
                        }
                        targets.accumulateOwnedGrad(gt);
                    }
                },
                logits,
                targets);
    }

    private interface RowBody {
        void run(int base);
    }

    private static void forEachRow(int outer, int n, int inner, RowBody body) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                body.run(o * n * inner + i);
            }
        }
    }
}
