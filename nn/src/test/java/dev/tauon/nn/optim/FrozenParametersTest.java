package dev.tauon.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parameters whose tensor has {@code requiresGrad(false)} get no update and no buffers. */
class FrozenParametersTest {

    /** Three batches of four random 1x2x2 images with labels in 0..2. */
    static List<Batch> randomImages(long seed) {
        Generator g = new Generator(seed);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.add(Batch.ofLabels(
                    Tensor.rand(g, 4, 1, 2, 2), new int[] {g.nextInt(3), g.nextInt(3), g.nextInt(3), g.nextInt(3)}));
        }
        return batches;
    }

    static Sequential smallModel() {
        return new Sequential(new Flatten(), new Dense(5, Activation.RELU), new Dense(3, Activation.SOFTMAX))
                .build(new Generator(4), 1, 2, 2);
    }

    @Test
    void aFrozenLayerStaysBitIdenticalThroughFitWhileTheOthersChange() {
        Sequential model = smallModel();
        Map<String, float[]> before = copies(model.parameters());
        model.parameters().get("1.weight").requiresGrad(false);
        model.parameters().get("1.bias").requiresGrad(false);
        SGD sgd = new SGD(model, 0.5f).momentum(0.9f).nesterov(true).decoupledWeightDecay(0.1f);
        ExponentialMovingAverage ema = sgd.averageWeights(0.9f);
        new Trainer(model, Loss.crossEntropy(), sgd).fit(randomImages(1), 2, new FitOptions().progress(false));

        assertArrayEquals(
                before.get("1.weight"), model.parameters().get("1.weight").data());
        assertArrayEquals(before.get("1.bias"), model.parameters().get("1.bias").data());
        assertFalse(Arrays.equals(
                before.get("2.weight"), model.parameters().get("2.weight").data()));
        assertFalse(Arrays.equals(
                before.get("2.bias"), model.parameters().get("2.bias").data()));
        assertEquals(
                Set.of("momentum.2.weight", "momentum.2.bias", "ema.2.weight", "ema.2.bias"),
                sgd.state().buffers().keySet());
        assertArrayEquals(before.get("1.weight"), ema.averages().get("1.weight").data(), "its average is its value");
    }

    @Test
    void aParameterFrozenAfterItsBackwardPassIsStillSkipped() {
        Tensor p = Tensor.ones(2).requiresGrad(true);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("p", p);
        Adam adam = new Adam(params, 0.1f).weightDecay(0.5f);
        p.sum().backward();
        p.requiresGrad(false); // the gradient is still there
        adam.step();
        assertArrayEquals(new float[] {1f, 1f}, p.data());
        assertEquals(Set.of(), adam.state().buffers().keySet());
        assertEquals(1, adam.iterations());

        p.requiresGrad(true); // unfrozen, it trains again
        adam.step();
        assertFalse(p.data()[0] == 1f);
        assertEquals(Set.of("m.p", "v.p"), adam.state().buffers().keySet());
    }

    static Map<String, float[]> copies(Map<String, Tensor> params) {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((n, t) -> out.put(n, t.data().clone()));
        return out;
    }
}
