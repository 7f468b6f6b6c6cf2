package dev.tauon.nn.layers;

import static dev.tauon.nn.layers.LayerGradientTest.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.GradCheck;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GELU, SiLU, LeakyReLU, Identity, ZeroPadding2D and Concatenate: in a Sequential and in a custom Module. */
class ModernCnnLayersTest {

    @Test
    void activationLayersGradients() {
        check(new GELU(), 6);
        check(new GELU(true), 2, 3, 3);
        check(new SiLU(), 6);
        check(new LeakyReLU(), 6);
        check(new LeakyReLU(0.3f), 2, 3, 3);
        check(new Identity(), 2, 3);
        for (Activation a : List.of(Activation.GELU, Activation.GELU_TANH, Activation.SILU, Activation.LEAKY_RELU)) {
            check(new Conv2D(2, 3, a), 1, 4, 4);
        }
    }

    @Test
    void activationLayersComputeTheirFunctions() {
        Tensor x = Tensor.of(new float[] {-2, -0.5f, 0, 1.5f}, 1, 4);
        assertArrayEquals(x.gelu().toArray(), new GELU().forward(x).toArray());
        assertArrayEquals(x.geluTanh().toArray(), new GELU(true).forward(x).toArray());
        assertArrayEquals(x.silu().toArray(), new SiLU().forward(x).toArray());
        assertArrayEquals(
                new float[] {-0.02f, -0.005f, 0, 1.5f},
                new LeakyReLU().forward(x).toArray());
        assertArrayEquals(
                new float[] {-0.6f, -0.15f, 0, 1.5f},
                new LeakyReLU(0.3f).forward(x).toArray(),
                1e-6f);
        assertArrayEquals(
                new LeakyReLU().forward(x).toArray(),
                Activation.LEAKY_RELU.apply(x).toArray());
        assertSame(x, new Identity().forward(x));
    }

    @Test
    void zeroPadding2D() {
        check(new ZeroPadding2D(1), 2, 3, 3);
        check(new ZeroPadding2D(0, 1, 2, 0), 1, 2, 2);
        assertArrayEquals(new int[] {3, 6, 4}, new ZeroPadding2D(2, 1).outputShape(new int[] {3, 2, 2}));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        // one row on top, one column on the right
        assertArrayEquals(
                new float[] {0, 0, 0, 1, 2, 0, 3, 4, 0},
                new ZeroPadding2D(1, 0, 0, 1).forward(x).toArray());
    }

    @Test
    void concatenateJoinsBranchesAlongChannels() {
        Concatenate block = new Concatenate(
                new Conv2D(2, 1), new Conv2D(3, 3, Activation.RELU).padding(Padding.SAME), new Identity());
        check(block, 2, 4, 4);
        assertArrayEquals(new int[] {7, 4, 4}, block.outputShape(new int[] {2, 4, 4}));
        assertEquals(
                List.of("0.weight", "0.bias", "1.weight", "1.bias"),
                List.copyOf(block.parameters().keySet()));
        Tensor x = Tensor.rand(3, 1, 2, 4, 4);
        Tensor y = block.forward(x);
        assertArrayEquals(
                block.branches().get(0).forward(x).toArray(), y.slice(1, 0, 2).toArray());
        assertArrayEquals(x.toArray(), y.slice(1, 5, 7).toArray());
        check(new Concatenate(new Dense(2), new Dense(3, Activation.GELU)), 4); // features of [N, F] rows
    }

    @Test
    void concatenatePassesTrainingModeToItsBranches() {
        Dropout dropout = new Dropout(0.5f, 1);
        Concatenate block = new Concatenate(new Identity(), dropout);
        block.eval();
        assertFalse(dropout.isTraining());
        Tensor x = Tensor.ones(2, 3);
        assertArrayEquals(Tensor.concat(1, x, x).toArray(), block.forward(x).toArray());
    }

    @Test
    void sequentialCnnWithTheNewLayersHasASummaryAndGradients() {
        Sequential model = new Sequential(
                new ZeroPadding2D(1),
                new Conv2D(4, 3, Activation.GELU),
                new Concatenate(
                        new Conv2D(2, 1, Activation.SILU),
                        new Sequential(new ZeroPadding2D(1), new Conv2D(2, 3)),
                        new Identity()),
                new LeakyReLU(),
                new Flatten(),
                new Dense(3));
        check(model, 1, 3, 3);
        String summary = model.summary(1, 3, 3).toString();
        assertTrue(summary.contains(" 0 ZeroPadding2D(1)"), summary);
        assertTrue(summary.contains(" 1 Conv2D(4, 3x3, gelu)"), summary);
        assertTrue(summary.contains(" 2 Concatenate(3 branches)  (None, 3, 3, 8)"), summary);
        assertTrue(summary.contains(" 3 LeakyReLU(0.01)"), summary);
        assertTrue(summary.contains("[N, 72]"), summary);
        assertEquals(model.parameterCount(), model.summary(1, 3, 3).totalParameters());
        assertTrue(
                model.parameters().containsKey("2.1.1.weight"),
                model.parameters().keySet().toString());
    }

    /** A custom module that holds the new layers as registered children and calls them in its forward. */
    static final class InceptionLike extends Module {
        private final Module pad = registerModule("pad", new ZeroPadding2D(1));
        private final Concatenate branches = registerModule(
                "branches",
                new Concatenate(
                        new Conv2D(2, 3).padding(Padding.SAME),
                        new Sequential(new Conv2D(1, 3), new SiLU(), new ZeroPadding2D(1))));
        private final Module act = registerModule("act", new GELU(true));

        InceptionLike(Generator init) {
            branches.build(init, 2, 5, 5);
        }

        @Override
        public Tensor forward(Tensor x) {
            return act.forward(branches.forward(pad.forward(x)).slice(2, 1, 4));
        }
    }

    @Test
    void customModuleUsesTheLayers() {
        InceptionLike m = new InceptionLike(new Generator(4));
        assertEquals(
                List.of("branches.0.weight", "branches.0.bias", "branches.1.0.weight", "branches.1.0.bias"),
                List.copyOf(m.parameters().keySet()));
        assertArrayEquals(new int[] {3, 3, 5}, m.outputShape(new int[] {2, 3, 3}));
        Tensor x = Tensor.uniform(new Generator(5), -1f, 1f, 2, 2, 3, 3).requiresGrad(true);
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        inputs.addAll(m.parameters().values());
        GradCheck.Result r = GradCheck.compare(in -> m.forward(in[0]), 1e-3, 1e-2, 1e-2, inputs.toArray(new Tensor[0]));
        assertTrue(r.passed(), r.where());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals(
                "Concatenate: needs at least one branch",
                assertThrows(IllegalArgumentException.class, Concatenate::new).getMessage());
        Concatenate mismatched = new Concatenate(new Conv2D(2, 3), new Conv2D(2, 1));
        assertEquals(
                "Concatenate(2 branches): branch 1 Conv2D(2, 1x1) gives [N, 2, 5, 5], which does not match branch 0's"
                        + " [N, 2, 3, 3] outside axis 1",
                assertThrows(IllegalArgumentException.class, () -> mismatched.build(1, 5, 5))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(1, -1));
        assertEquals(
                "ZeroPadding2D(1): input [N, 4] must be [N, C, H, W]",
                assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(1).outputShape(new int[] {4}))
                        .getMessage());
        assertEquals(
                "ZeroPadding2D(1, 0, 0, 1): input [2, 4] must be [N, C, H, W]",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ZeroPadding2D(1, 0, 0, 1).forward(Tensor.ones(2, 4)))
                        .getMessage());
        assertEquals(
                "LeakyReLU: slope NaN must be finite",
                assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Float.NaN))
                        .getMessage());
    }

    @Test
    void names() {
        assertEquals("GELU", new GELU().name());
        assertEquals("GELU(tanh)", new GELU(true).name());
        assertEquals("SiLU", new SiLU().name());
        assertEquals("Identity", new Identity().name());
        assertEquals("LeakyReLU(0.2)", new LeakyReLU(0.2f).name());
        assertEquals("ZeroPadding2D(2, 2, 1, 1)", new ZeroPadding2D(2, 1).name());
        assertEquals("Concatenate(1 branch)", new Concatenate(new Identity()).name());
        assertEquals("Dense(4, gelu_tanh)", new Dense(4, Activation.GELU_TANH).name());
    }
}
