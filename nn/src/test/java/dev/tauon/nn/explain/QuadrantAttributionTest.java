package dev.tauon.nn.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import org.junit.jupiter.api.Test;

/** Every method on a model that looks at the top-left quadrant only: their maps must say so. */
class QuadrantAttributionTest {
    private static final float TOL = 1e-6f;
    private final QuadrantModel q = new QuadrantModel();
    private final Tensor x = QuadrantModel.images(2);
    private final int[] targets = {0, 0};

    @Test
    void saliencyIsTheKnownGradientInsideTheQuadrantAndZeroOutside() {
        Tensor s = Saliency.of(q.model, x, targets);
        for (int e = 0; e < 2; e++) {
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    float expected = QuadrantModel.inQuadrant(i, j) ? 3f / 64 : 0f;
                    assertEquals(expected, s.get(e, 0, i, j), TOL, "saliency at " + e + "," + i + "," + j);
                }
            }
        }
    }

    @Test
    void gradCamAfterTheSelectionConcentratesInTheQuadrant() {
        Tensor cam = GradCam.of(q.model, q.conv2, x, targets);
        assertArrayEquals(new int[] {2, 8, 8}, cam.shape());
        for (int e = 0; e < 2; e++) {
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    // alpha_k = 1/64 for both channels; A = x and 2x inside, 0 outside
                    float expected = QuadrantModel.inQuadrant(i, j) ? 3f * x.get(e, 0, i, j) / 64 : 0f;
                    assertEquals(expected, cam.get(e, i, j), TOL, "cam at " + e + "," + i + "," + j);
                }
            }
        }
    }

    @Test
    void gradCamBeforeTheSelectionWeighsFeaturesThatAreEverywhere() {
        // alpha_k = (16/64) / 64 for both channels, and conv1's features cover the whole image:
        // Grad-CAM shows where the layer's useful features are, not where the model looks later.
        Tensor cam = GradCam.of(q.model, q.conv1, x, targets);
        assertEquals(3f * x.get(1, 0, 7, 7) / 256, cam.get(1, 7, 7), TOL);
        assertEquals(3f * x.get(1, 0, 0, 0) / 256, cam.get(1, 0, 0), TOL);
    }

    @Test
    void occlusionAgreesZeroOutsideAndTheKnownDropInside() {
        Tensor occ = Occlusion.of(q.model, x, targets, 2, 2, 0f);
        for (int e = 0; e < 2; e++) {
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    float expected = 0f;
                    if (QuadrantModel.inQuadrant(i, j)) {
                        int ti = i / 2 * 2;
                        int tj = j / 2 * 2;
                        float patch = x.get(e, 0, ti, tj)
                                + x.get(e, 0, ti + 1, tj)
                                + x.get(e, 0, ti, tj + 1)
                                + x.get(e, 0, ti + 1, tj + 1);
                        expected = 3f * patch / 64;
                    }
                    assertEquals(expected, occ.get(e, i, j), 1e-5f, "occlusion at " + e + "," + i + "," + j);
                }
            }
        }
        Tensor saliency = Heatmaps.perPixel(Saliency.of(q.model, x, targets));
        for (int i = 0; i < occ.size(); i++) {
            assertEquals(saliency.data()[i] > 0, occ.data()[i] > 0, "occlusion and saliency agree at " + i);
        }
    }

    @Test
    void integratedGradientsAndSmoothGradConcentrateThere() {
        Tensor ig = IntegratedGradients.of(q.model, x, targets, 8);
        Tensor smooth = SmoothGrad.of(q.model, x, targets, 8, 0.1f, new Generator(3));
        for (int e = 0; e < 2; e++) {
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    boolean in = QuadrantModel.inQuadrant(i, j);
                    // Along the path a * x the gradient is 3/64 inside, except at a = 0, where ReLU's is 0:
                    // the trapezoid rule over 8 steps gives that end half a step's weight, 1/16.
                    float expected = in ? 3f * x.get(e, 0, i, j) / 64 * (1 - 1f / 16) : 0f;
                    assertEquals(expected, ig.get(e, 0, i, j), TOL);
                    assertEquals(!in, smooth.get(e, 0, i, j) == 0f, "smoothgrad at " + e + "," + i + "," + j);
                }
            }
        }
    }

    @Test
    void theModelIsLeftInTheModeItWasIn() {
        q.model.train();
        Saliency.of(q.model, x, targets);
        assertTrue(q.model.isTraining());
    }
}
