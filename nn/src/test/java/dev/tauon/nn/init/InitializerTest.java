package dev.tauon.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitializerTest {

    private static double[] minMaxStd(Tensor t) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        double sq = 0;
        for (float v : t.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sq += (double) v * v;
        }
        int n = t.size();
        return new double[] {min, max, Math.sqrt(sq / n - (sum / n) * (sum / n))};
    }

    @Test
    void glorotUniformUsesKerasConvFans() {
        Conv2D conv = new Conv2D(64, 3, Activation.RELU);
        conv.build(new Generator(1), 32, 15, 15);
        double limit = Math.sqrt(6.0 / (3 * 3 * 32 + 3 * 3 * 64)); // Keras: fan_in = kh*kw*in, fan_out = kh*kw*out
        double[] s = minMaxStd(conv.weight());
        assertTrue(s[0] >= -limit && s[1] <= limit, "within the limit");
        assertTrue(s[0] < -0.98 * limit && s[1] > 0.98 * limit, "and filling it");
        assertArrayEquals(new float[64], conv.bias().toArray(), "biases start at zero");
    }

    @Test
    void heUniformAndNormal() {
        double[] u = minMaxStd(Initializer.heUniform().create(new Generator(2), 50, 7, 100, 100));
        double limit = Math.sqrt(6.0 / 50);
        assertTrue(u[0] >= -limit && u[1] <= limit && u[1] > 0.99 * limit);

        double[] n = minMaxStd(Initializer.heNormal().create(new Generator(3), 50, 7, 100, 100));
        double std = Math.sqrt(2.0 / 50);
        assertEquals(std, n[2], 0.02 * std, "the truncated normal keeps variance 2 / fanIn");
        double bound = 2 * std / 0.87962566103423978;
        assertTrue(n[0] >= -bound && n[1] <= bound, "truncated at two standard deviations");
    }

    @Test
    void layersUseTheInitialisersTheyAreGivenWithTheirRealFans() {
        Conv2D conv = new Conv2D(64, 3, Activation.RELU);
        conv.kernelInitializer(Initializer.heNormal()).biasInitializer((gen, fanIn, fanOut, shape) -> {
            assertEquals(3 * 3 * 32, fanIn);
            assertEquals(3 * 3 * 64, fanOut);
            return Tensor.full(0.25f, shape);
        });
        conv.build(new Generator(5), 32, 15, 15);
        assertEquals(
                Math.sqrt(2.0 / (3 * 3 * 32)),
                minMaxStd(conv.weight())[2],
                0.05 * Math.sqrt(2.0 / (3 * 3 * 32)),
                "He normal with fan_in = kh*kw*in");
        float[] quarter = new float[64];
        Arrays.fill(quarter, 0.25f);
        assertArrayEquals(quarter, conv.bias().toArray());

        Dense dense = new Dense(10);
        dense.kernelInitializer(Initializer.zeros());
        dense.build(new Generator(6), 20);
        assertArrayEquals(new float[200], dense.weight().toArray());
    }

    @Test
    void sameSeedSameValues() {
        Tensor a = Initializer.glorotUniform().create(new Generator(4), 3, 5, 3, 5);
        Tensor b = Initializer.glorotUniform().create(new Generator(4), 3, 5, 3, 5);
        assertArrayEquals(a.toArray(), b.toArray());
        assertArrayEquals(
                new float[6],
                Initializer.zeros().create(new Generator(4), 1, 1, 2, 3).toArray());
    }
}
