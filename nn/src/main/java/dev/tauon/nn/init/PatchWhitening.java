package dev.tauon.nn.init;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;

/**
 * Filters for a first convolution that whitens the image patches it sees, initialised from data
 * (the airbench recipe's first layer: K. Jordan, "94% on CIFAR-10 in 3.29 Seconds on a Single
 * GPU", 2024). From every {@code kh x kw} patch (stride 1, no padding) of the given images, the
 * uncentred covariance {@code S = E[p p^T]} of the flattened patches ({@code d = C*kh*kw} values)
 * is decomposed as {@code S = sum_k lambda_k v_k v_k^T}; filter {@code k} is
 * {@code v_k / sqrt(lambda_k + eps)}, largest eigenvalue first, so the convolution's outputs over the
 * same patches have covariance {@code diag(lambda_k / (lambda_k + eps))}, the identity where
 * {@code lambda_k >> eps}. The recipe uses the {@code d} filters and their negatives, {@code 2d}
 * channels, so a following GELU or ReLU keeps both signs of each whitened direction.
 */
public final class PatchWhitening {
    private PatchWhitening() {}

    /**
     * {@code 2d} filters of shape {@code [2d, C, kh, kw]} (OIHW, Conv2D's layout): the whitening
     * filters, then their negatives.
     *
     * @param images NCHW images, already normalised as the network will see them
     * @param eps    added to every eigenvalue, so directions of near-zero variance are not blown up
     */
    public static Tensor filtersAndNegatives(Tensor images, int kh, int kw, double eps) {
        Tensor half = filters(images, kh, kw, eps);
        float[] w = half.data();
        float[] both = new float[2 * w.length];
        System.arraycopy(w, 0, both, 0, w.length);
        for (int i = 0; i < w.length; i++) {
            both[w.length + i] = -w[i];
        }
        int[] s = half.shape();
        return Tensor.wrap(both, 2 * s[0], s[1], s[2], s[3]);
    }

    /** The {@code d} whitening filters alone, shape {@code [d, C, kh, kw]}. */
    public static Tensor filters(Tensor images, int kh, int kw, double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("PatchWhitening: eps must be finite and >= 0, got " + eps);
        }
        SymmetricEigen eigen = SymmetricEigen.of(patchSecondMoment(images, kh, kw));
        int c = images.dim(1);
        int d = c * kh * kw;
        float[] w = new float[d * d];
        for (int k = 0; k < d; k++) {
            double scale = 1 / Math.sqrt(Math.max(eigen.values()[k], 0) + eps);
            if (Double.isInfinite(scale)) {
                throw new IllegalArgumentException("PatchWhitening: the patches have a direction of zero variance"
                        + " and eps is 0; give eps > 0");
            }
            for (int i = 0; i < d; i++) {
                w[k * d + i] = (float) (eigen.vectors()[k][i] * scale);
            }
        }
        return Tensor.wrap(w, d, c, kh, kw);
    }

    /**
     * {@code E[p p^T]} over every {@code kh x kw} patch of {@code images}, each patch flattened in
     * OIHW order (channel, row, column) to match a convolution weight's row; in double.
     */
    public static double[][] patchSecondMoment(Tensor images, int kh, int kw) {
        int[] s = images.shape();
        if (s.length != 4 || kh < 1 || kw < 1 || s[2] < kh || s[3] < kw || s[0] < 1) {
            throw new IllegalArgumentException("PatchWhitening: needs NCHW images of at least " + kh + "x" + kw
                    + " pixels and a patch of at least 1x1, got images " + Shapes.str(s) + " and patch " + kh + "x"
                    + kw);
        }
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        int d = c * kh * kw;
        float[] x = images.data();
        double[] sum = new double[d * d];
        double[] p = new double[d];
        long patches = 0;
        for (int img = 0; img < n; img++) {
            int base = img * c * h * w;
            for (int y = 0; y + kh <= h; y++) {
                for (int xo = 0; xo + kw <= w; xo++) {
                    int i = 0;
                    for (int ch = 0; ch < c; ch++) {
                        for (int dy = 0; dy < kh; dy++) {
                            int row = base + (ch * h + y + dy) * w + xo;
                            for (int dx = 0; dx < kw; dx++) {
                                p[i++] = x[row + dx];
                            }
                        }
                    }
                    for (int a = 0; a < d; a++) { // upper triangle; mirrored below
                        double pa = p[a];
                        for (int b = a; b < d; b++) {
                            sum[a * d + b] += pa * p[b];
                        }
                    }
                    patches++;
                }
            }
        }
        double[][] moment = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                moment[a][b] = moment[b][a] = sum[a * d + b] / patches;
            }
        }
        return moment;
    }
}
