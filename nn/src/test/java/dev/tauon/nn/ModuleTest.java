package dev.tauon.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.optim.SGD;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    @Test
    void aLayerUsedTwiceHasItsParametersListedAndUpdatedOnce() {
        Dense shared = new Dense(4);
        Sequential model = new Sequential(new Dense(4), shared, shared).build(new Generator(1), 4);
        assertEquals(
                List.of("0.weight", "0.bias", "1.weight", "1.bias"),
                List.copyOf(model.parameters().keySet()));
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

    /** A module with a parameter and a buffer of its own, like BatchNorm, written against Module alone. */
    static final class Counting extends Module {
        final Tensor scale = registerParameter("scale", Tensor.ones(2));
        final Tensor count = registerBuffer("count", Tensor.zeros(1));

        @Override
        public int[] outputShape(int[] inputShape) {
            return inputShape.clone(); // the default would run (and count) a forward pass
        }

        @Override
        public Tensor forward(Tensor x) {
            count.data()[0]++;
            return x.mul(scale);
        }
    }

    @Test
    void buffersAreNamedLikeParametersAndTheStateDictInterleavesThemPerModule() {
        Counting shared = new Counting();
        Sequential model = new Sequential(new Counting(), new Dense(2), shared, shared).build(new Generator(1), 2);
        assertEquals(List.of("0.count", "2.count"), List.copyOf(model.buffers().keySet()), "a shared buffer once");
        assertEquals(
                List.of("0.scale", "1.weight", "1.bias", "2.scale"),
                List.copyOf(model.parameters().keySet()));
        assertEquals(
                List.of("0.scale", "0.count", "1.weight", "1.bias", "2.scale", "2.count"),
                List.copyOf(model.stateDict().keySet()),
                "PyTorch's order: each module's parameters, then its buffers");
        assertSame(shared.count, model.stateDict().get("2.count"), "the state dict holds the module's own tensors");
        assertEquals(2 + 2 * 2 + 2 + 2, model.parameterCount(), "buffers are not parameters");

        model.forward(Tensor.ones(1, 2));
        assertEquals(2f, model.buffers().get("2.count").item(), "updated in place, seen through the map");
    }

    @Test
    void buffersAreNeverTrained() {
        Counting m = new Counting();
        SGD sgd = new SGD(m, 0.5f);
        sgd.zeroGrad();
        m.forward(Tensor.ones(1, 2)).sum().backward();
        sgd.step();
        assertNull(m.count.grad());
        assertEquals(1f, m.count.item(), "only the forward's own update");
        assertArrayEquals(new float[] {0.5f, 0.5f}, m.scale.data());
    }

    @Test
    void registerBufferRefusesTrainableTensorsAndRepeatedNames() {
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Tensor b = registerBuffer("b", Tensor.zeros(3).requiresGrad(true));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        });
        assertTrue(
                grad.getMessage().contains("buffer 'b' [3] requires grad, but buffers are not trained"),
                grad.getMessage());
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class, () -> new Module() {
            final Tensor p = registerParameter("x", Tensor.zeros(3));
            final Tensor b = registerBuffer("x", Tensor.zeros(3));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        });
        assertTrue(repeated.getMessage().contains("bad or repeated name 'x'"), repeated.getMessage());
    }

    @Test
    void loadStateDictChecksEverythingBeforeCopyingAnything() {
        Sequential target = new Sequential(new Counting(), new Dense(3)).build(new Generator(1), 2);
        Sequential source = new Sequential(new Counting(), new Dense(3)).build(new Generator(2), 2);
        source.forward(Tensor.ones(4, 2));
        Map<String, float[]> before = new LinkedHashMap<>();
        target.stateDict().forEach((n, t) -> before.put(n, t.toArray()));

        Map<String, Tensor> bad = new LinkedHashMap<>(source.stateDict());
        bad.remove("0.count");
        bad.put("1.bias", Tensor.zeros(4));
        bad.put("extra", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(bad));
        assertEquals(
                "Sequential: state dict does not match the model: missing 0.count [1]; 1.bias: state dict has [4],"
                        + " model has [3]; unexpected \"extra\" [1]",
                e.getMessage());
        target.stateDict().forEach((n, t) -> assertArrayEquals(before.get(n), t.data(), n + " unchanged"));

        target.loadStateDict(source.stateDict());
        source.stateDict()
                .forEach((n, t) ->
                        assertArrayEquals(t.data(), target.stateDict().get(n).data(), n));
        assertEquals(1f, target.buffers().get("0.count").item());
        assertNotSame(source.stateDict().get("1.weight"), target.stateDict().get("1.weight"), "copied, not shared");
    }
}
