package dev.tauon.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Padding;
import org.junit.jupiter.api.Test;

class PyTorchStyleInitializersTest {

    @Test
    void uniformFanInStaysWithinOneOverRootFanIn() {
        Tensor t = Initializer.uniformFanIn().create(new Generator(1), 100, 7, 2000);
        float max = 0;
        for (float v : t.data()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 0.1f && max > 0.099f, "largest |w| " + max + " of 2000 draws, bound 0.1");
    }

    @Test
    void partialDiracMakesTheFirstFiltersIdentities() {
        Tensor w = Initializer.partialDirac(Initializer.uniformFanIn()).create(new Generator(2), 27, 45, 5, 3, 3, 3);
        float[] d = w.data();
        for (int o = 0; o < 5; o++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 9; k++) {
                    float v = d[(o * 3 + c) * 9 + k];
                    if (o < 3) {
                        assertEquals(o == c && k == 4 ? 1f : 0f, v, "filter " + o + " channel " + c + " tap " + k);
                    } else {
                        assertTrue(
                                Math.abs(v) <= 1 / Math.sqrt(27) && v != 0f, "filter " + o + " keeps its random draw");
                    }
                }
            }
        }
    }

    @Test
    void aDiracConvolutionPassesItsInputThrough() {
        Conv2D conv = (Conv2D) new Conv2D(4, 3)
                .padding(Padding.SAME)
                .useBias(false)
                .kernelInitializer(Initializer.partialDirac(Initializer.uniformFanIn()));
        conv.build(new Generator(3), 4, 6, 5);
        Tensor x = Tensor.uniform(new Generator(4), -1, 1, 2, 4, 6, 5);
        assertArrayEquals(x.toArray(), conv.forward(x).toArray());
        assertThrows(
                IllegalArgumentException.class,
                () -> Initializer.partialDirac(Initializer.zeros()).create(new Generator(1), 2, 3, 4, 5));
    }
}
