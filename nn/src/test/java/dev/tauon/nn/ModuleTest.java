package dev.tauon.nn;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ModuleTest {

    @Test
    void aLayerUsedTwiceHasItsParametersListedAndUpdatedOnce() {
        Dense shared = new Dense(4);
        Sequential model = new Sequential(new Dense(4), shared, shared).build(new Generator(1), 4);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(model.parameters().keySet()));
        assertEquals(2 * (4 * 4 + 4), model.parameterCount());

        Tensor x = Tensor.uniform(new Generator(2), -1f, 1f, 3, 4);
        SGD sgd = new SGD(model, 0.1f);
        sgd.zeroGrad();
        model.forward(x).sum().backward();
        float[] before = shared.weight().data().clone();
        float[] grad = shared.weight().grad().data().clone();
        sgd.step();
        float[] once = new float[before.length];
        for (int i = 0; i < once.length; i++) {
            once[i] = before[i] - 0.1f * grad[i];
        }
        assertArrayEquals(once, shared.weight().data());
    }
}
