package dev.tauon.nn.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import org.junit.jupiter.api.Test;

class LayerCaptureAndHeatmapsTest {

    @Test
    void aCaptureKeepsTheLayersOutputAndItsGradientUntilClosed() {
        QuadrantModel q = new QuadrantModel();
        Tensor x = QuadrantModel.images(1);
        LayerCapture capture = LayerCapture.of(q.conv1);
        IllegalStateException early = assertThrows(IllegalStateException.class, capture::activation);
        assertTrue(early.getMessage().contains("has not run"), early.getMessage());
        Tensor out = q.model.call(x);
        IllegalStateException noGrad = assertThrows(IllegalStateException.class, capture::gradient);
        assertTrue(noGrad.getMessage().contains("no gradient reached"), noGrad.getMessage());
        out.slice(1, 0, 1).sum().backward();
        assertEquals(2f * x.get(0, 0, 1, 1), capture.activation().get(0, 1, 1, 1), 1e-6f);
        assertEquals(1f / 64, capture.gradient().get(0, 1, 1, 1), 1e-7f, "inside the quadrant");
        assertEquals(0f, capture.gradient().get(0, 1, 5, 5), "outside it");
        Tensor first = capture.activation();
        capture.close();
        q.model.call(x);
        assertTrue(first == capture.activation(), "a closed capture sees no more passes");
    }

    @Test
    void perPixelSumsMagnitudesOverChannels() {
        Tensor a = Tensor.of(new float[] {1, -2, 3, -4, -5, 6, -7, 8}, 1, 2, 2, 2);
        assertArrayEquals(new float[] {6, 8, 10, 12}, Heatmaps.perPixel(a).data());
    }

    @Test
    void resizeInterpolatesBilinearlyWithHalfPixelCentres() {
        Tensor m = Tensor.of(new float[] {0, 4, 8, 12}, 1, 2, 2);
        Tensor r = Heatmaps.resize(m, 4, 4);
        // PyTorch interpolate(mode='bilinear', align_corners=False) of [[0, 4], [8, 12]] to 4x4
        assertArrayEquals(new float[] {0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12}, r.data(), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Heatmaps.resize(m, 0, 4));
        assertTrue(e.getMessage().contains("Heatmaps.resize"), e.getMessage());
    }
}
