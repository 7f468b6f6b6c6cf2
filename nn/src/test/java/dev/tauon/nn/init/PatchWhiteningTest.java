package dev.tauon.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import org.junit.jupiter.api.Test;

class PatchWhiteningTest {

    /** Correlated, unequal-scale images: channel 1 follows channel 0, channel 2 is small noise. */
    private static Tensor correlatedImages() {
        Generator g = new Generator(7);
        int n = 40;
        int h = 9;
        int w = 8;
        float[] x = new float[n * 3 * h * w];
        for (int img = 0; img < n; img++) {
            for (int i = 0; i < h * w; i++) {
                float a = (float) g.nextGaussian() * 2f + 0.5f;
                int o = img * 3 * h * w;
                x[o + i] = a;
                x[o + h * w + i] = 0.8f * a + 0.3f * (float) g.nextGaussian();
                x[o + 2 * h * w + i] = 0.05f * (float) g.nextGaussian();
            }
        }
        return Tensor.wrap(x, n, 3, h, w);
    }

    @Test
    void whitenedPatchesHaveIdentityCovariance() {
        Tensor images = correlatedImages();
        Tensor filters = PatchWhitening.filters(images, 2, 2, 1e-9);
        assertArrayEquals(new int[] {12, 3, 2, 2}, filters.shape());
        // The filters' outputs over every patch, their second moment: W S W^T.
        double[][] s = PatchWhitening.patchSecondMoment(images, 2, 2);
        float[] wt = filters.data();
        for (int a = 0; a < 12; a++) {
            for (int b = 0; b < 12; b++) {
                double v = 0;
                for (int i = 0; i < 12; i++) {
                    for (int j = 0; j < 12; j++) {
                        v += wt[a * 12 + i] * s[i][j] * wt[b * 12 + j];
                    }
                }
                assertEquals(a == b ? 1.0 : 0.0, v, 1e-4, "whitened covariance [" + a + "][" + b + "]");
            }
        }
    }

    @Test
    void theSameThroughAConvolutionOfTheImages() {
        Tensor images = correlatedImages();
        Tensor out = images.conv2d(PatchWhitening.filtersAndNegatives(images, 2, 2, 1e-9), null, 1, 0);
        assertArrayEquals(new int[] {40, 24, 8, 7}, out.shape());
        int pixels = 40 * 8 * 7;
        for (int a = 0; a < 12; a++) {
            double sq = 0;
            double cross = 0;
            double mirror = 0;
            for (int img = 0; img < 40; img++) {
                for (int i = 0; i < 56; i++) {
                    double va = out.data()[(img * 24 + a) * 56 + i];
                    double vb = out.data()[(img * 24 + (a + 1) % 12) * 56 + i];
                    sq += va * va;
                    cross += va * vb;
                    mirror += va + out.data()[(img * 24 + 12 + a) * 56 + i];
                }
            }
            assertEquals(1.0, sq / pixels, 1e-3, "variance of whitened channel " + a);
            assertEquals(0.0, cross / pixels, 1e-3, "channels " + a + " and " + (a + 1) % 12 + " uncorrelated");
            assertEquals(0.0, mirror, 1e-2, "channel " + (12 + a) + " is the negative of " + a);
        }
    }

    @Test
    void epsShrinksTheSmallDirectionsOnly() {
        Tensor images = correlatedImages();
        double eps = 1e-3;
        SymmetricEigen e = SymmetricEigen.of(PatchWhitening.patchSecondMoment(images, 2, 2));
        Tensor f = PatchWhitening.filters(images, 2, 2, eps);
        for (int k = 0; k < 12; k++) {
            double norm = 0;
            for (int i = 0; i < 12; i++) {
                norm += f.data()[k * 12 + i] * (double) f.data()[k * 12 + i];
            }
            assertEquals(1 / (e.values()[k] + eps), norm, 1e-4 / (e.values()[k] + eps), "filter " + k + " length");
        }
        assertTrue(e.values()[0] > 1 && e.values()[11] < 0.01, "the test images have large and small directions");
    }

    @Test
    void eigenDecompositionReconstructsTheMatrix() {
        double[][] a = {{4, 1, -2, 0.5}, {1, 3, 0, 1}, {-2, 0, 5, -1}, {0.5, 1, -1, 2}};
        SymmetricEigen e = SymmetricEigen.of(a);
        for (int k = 1; k < 4; k++) {
            assertTrue(e.values()[k - 1] >= e.values()[k], "largest first");
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double r = 0;
                double dot = 0;
                for (int k = 0; k < 4; k++) {
                    r += e.values()[k] * e.vectors()[k][i] * e.vectors()[k][j];
                    dot += e.vectors()[i][k] * e.vectors()[j][k];
                }
                assertEquals(a[i][j], r, 1e-12, "V L V^T [" + i + "][" + j + "]");
                assertEquals(i == j ? 1 : 0, dot, 1e-12, "orthonormal eigenvectors " + i + ", " + j);
            }
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        Tensor images = Tensor.zeros(2, 3, 4, 4);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PatchWhitening.filters(images, 5, 2, 1e-3));
        assertTrue(e.getMessage().contains("images [2, 3, 4, 4] and patch 5x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PatchWhitening.filters(images, 2, 2, 0));
        assertTrue(e.getMessage().contains("zero variance"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PatchWhitening.filters(images, 2, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> PatchWhitening.filters(Tensor.zeros(3, 4, 4), 2, 2, 1e-3));
    }
}
