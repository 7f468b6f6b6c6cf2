package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.Summary;
import dev.tauon.nn.layers.Conv2D;
import org.junit.jupiter.api.Test;

class AirbenchModelTest {

    private static Sequential model() {
        return AirbenchModel.create(1, 10, Tensor.randn(new Generator(9), 8, 3, 32, 32));
    }

    /**
     * Counted by hand: whitening conv 24x3x2x2 = 288 frozen + 24 bias; convs 24*64*9, 64*64*9,
     * 64*256*9, 256*256*9, 256*256*9, 256*256*9 (no bias); six BatchNorms with a frozen scale and a
     * learnt shift per channel (64, 64, 256, 256, 256, 256) and two running statistics each; the
     * head 256x10 without bias.
     */
    @Test
    void summaryCountsTrainableAndNonTrainableParameters() {
        Summary s = model().summary(3, 32, 32);
        long convs = 9L * (24 * 64 + 64 * 64 + 64 * 256 + 3 * 256 * 256);
        long channels = 64 + 64 + 256 + 256 + 256 + 256;
        long trainable = 24 + convs + channels + 2560;
        long nonTrainable = 288 + channels + 2 * channels;
        assertEquals(trainable, s.trainableParameters());
        assertEquals(nonTrainable, s.nonTrainableParameters());
        assertEquals(trainable + nonTrainable, s.totalParameters());
    }

    @Test
    void logitsForABatchAndAFrozenWhiteningLayer() {
        Sequential m = model();
        Tensor logits = m.forward(Tensor.randn(new Generator(3), 2, 3, 32, 32));
        assertArrayEquals(new int[] {2, 10}, logits.shape());
        Conv2D whiten = (Conv2D) m.children().get("0");
        assertFalse(whiten.weight().requiresGrad());
        assertArrayEquals(new int[] {24, 3, 2, 2}, whiten.weight().shape());
        for (int i = 0; i < 12 * 12; i++) { // filters 12..23 are the negatives of 0..11
            assertEquals(-whiten.weight().data()[i], whiten.weight().data()[144 + i]);
        }
    }
}
