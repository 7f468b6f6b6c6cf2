package dev.tauon.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Residual computes, builds, names and refuses; its gradients are in LayerGradientTest. */
class ResidualTest {

    private static Sequential twoConvolutions(int filters) {
        return new Sequential(
                new Conv2D(filters, 3, Activation.RELU).padding(Padding.SAME),
                new Conv2D(filters, 3).padding(Padding.SAME));
    }

    /** A downsampling block, 5x5 to 3x3 with more channels, and its 1x1 stride-2 projection. */
    private static Residual downsampling() {
        return new Residual(
                new Sequential(
                        new Conv2D(4, 3, Activation.RELU).stride(2).padding(Padding.SAME),
                        new Conv2D(4, 3).padding(Padding.SAME)),
                new Conv2D(4, 1).stride(2));
    }

    @Test
    void identityShortcutAddsTheInput() {
        Residual r = new Residual(new Dense(3, Activation.TANH));
        r.build(new Generator(2), 3);
        Tensor x = Tensor.uniform(new Generator(4), -1f, 1f, 5, 3);
        assertArrayEquals(r.block().forward(x).add(x).data(), r.forward(x).data());
        assertNull(r.shortcut());
        assertEquals("Residual(Dense(3, tanh))", r.name());
        assertEquals(
                List.of("block.weight", "block.bias"),
                List.copyOf(r.parameters().keySet()));
    }

    @Test
    void projectionShortcutAddsItsOutput() {
        Residual r = downsampling();
        assertArrayEquals(new int[] {4, 3, 3}, r.outputShape(new int[] {2, 5, 5}));
        r.build(new Generator(1), 2, 5, 5);
        Tensor x = Tensor.uniform(new Generator(3), -1f, 1f, 2, 2, 5, 5);
        Tensor y = r.forward(x);
        assertArrayEquals(new int[] {2, 4, 3, 3}, y.shape());
        assertArrayEquals(r.block().forward(x).add(r.shortcut().forward(x)).data(), y.data());
        assertEquals(
                List.of(
                        "block.0.weight",
                        "block.0.bias",
                        "block.1.weight",
                        "block.1.bias",
                        "shortcut.weight",
                        "shortcut.bias"),
                List.copyOf(r.parameters().keySet()));
        assertEquals("Residual(Sequential, shortcut Conv2D(4, 1x1, stride 2))", r.name());
    }

    /** The block draws its weights first, then the shortcut, from the one generator. */
    @Test
    void buildsBlockThenShortcutFromTheSameGenerator() {
        Residual r = downsampling();
        r.build(new Generator(9), 2, 5, 5);
        Generator g = new Generator(9);
        Module block = downsampling().block().build(g, 2, 5, 5);
        Module shortcut = new Conv2D(4, 1).stride(2).build(g, 2, 5, 5);
        assertArrayEquals(
                block.parameters().get("1.weight").toArray(),
                r.parameters().get("block.1.weight").toArray());
        assertArrayEquals(
                shortcut.parameters().get("weight").toArray(),
                r.parameters().get("shortcut.weight").toArray());
    }

    @Test
    void theFirstForwardBuildsIt() {
        Residual r = new Residual(twoConvolutions(3));
        Tensor y = r.forward(Tensor.ones(2, 3, 4, 4));
        assertArrayEquals(new int[] {2, 3, 4, 4}, y.shape());
        assertArrayEquals(new int[] {3, 4, 4}, r.builtInputShape());
        assertTrue(r.block().isBuilt());
    }

    @Test
    void inASequentialWithSummary() {
        Sequential model = new Sequential(
                new Conv2D(4, 3, Activation.RELU).padding(Padding.SAME),
                new Residual(twoConvolutions(4)),
                new ReLU(),
                downsampling(),
                new GlobalAvgPool2D(),
                new Dense(2));
        model.build(new Generator(5), 2, 5, 5);
        assertArrayEquals(
                new int[] {3, 2}, model.forward(Tensor.ones(3, 2, 5, 5)).shape());
        Summary s = model.summary(2, 5, 5);
        assertEquals("1 Residual(Sequential)", s.rows().get(1).layer());
        assertArrayEquals(new int[] {4, 5, 5}, s.rows().get(1).outputShape());
        assertEquals(2 * (4 * 4 * 9 + 4), s.rows().get(1).parameters());
        assertEquals(
                "3 Residual(Sequential, shortcut Conv2D(4, 1x1, stride 2))",
                s.rows().get(3).layer());
        assertArrayEquals(new int[] {4, 3, 3}, s.rows().get(3).outputShape());
        assertEquals((4 * 4 * 9 + 4) * 2 + 4 * 4 + 4, s.rows().get(3).parameters());
        assertTrue(model.parameters().containsKey("3.shortcut.weight"));
        model.eval();
        assertFalse(((Residual) model.layer(3)).shortcut().isTraining(), "modes reach the branches");
    }

    /** On its own, a residual block's summary lists its two branches and its output, as for any custom module. */
    @Test
    void summaryOnItsOwn() {
        Summary s = downsampling().summary(2, 5, 5);
        assertEquals(
                List.of("block Sequential", "shortcut Conv2D(4, 1x1, stride 2)", "(output)"),
                s.rows().stream().map(Summary.Row::layer).toList());
        assertArrayEquals(new int[] {4, 3, 3}, s.rows().get(2).outputShape());
        assertEquals(s.rows().get(0).parameters() + s.rows().get(1).parameters(), s.totalParameters());
    }

    @Test
    void mismatchedBranchesNameBothShapes() {
        assertMessage(
                "Residual(Conv2D(4, 3x3)): for input [N, 4, 6, 6] the block gives [N, 4, 4, 4] but the identity"
                        + " shortcut gives [N, 4, 6, 6]; give the block's output the input's shape, or add a projection"
                        + " shortcut",
                () -> new Residual(new Conv2D(4, 3)).build(4, 6, 6));
        assertMessage(
                "Residual(Conv2D(4, 3x3, same), shortcut Conv2D(4, 1x1, stride 2)): for input [N, 2, 6, 6] the"
                        + " block gives [N, 4, 6, 6] but the shortcut gives [N, 4, 3, 3]; the two must have the same shape",
                () -> new Residual(new Conv2D(4, 3).padding(Padding.SAME), new Conv2D(4, 1).stride(2))
                        .outputShape(new int[] {2, 6, 6}));
    }

    /** Built for 1x1 images, a global pooling block keeps the shape; on larger ones it would broadcast, and is refused. */
    @Test
    void nothingIsBroadcast() {
        Residual r = new Residual(new GlobalAvgPool2D(true));
        r.build(3, 1, 1);
        assertMessage(
                "Residual(GlobalAvgPool2D(keepDims)): for input [2, 3, 4, 4] the block gives [2, 3, 1, 1] but the"
                        + " identity shortcut gives [2, 3, 4, 4]; give the block's output the input's shape, or add a"
                        + " projection shortcut",
                () -> r.forward(Tensor.ones(2, 3, 4, 4)));
    }

    @Test
    void nullBranchesAreRefused() {
        assertThrows(NullPointerException.class, () -> new Residual(null));
        assertThrows(NullPointerException.class, () -> new Residual(new ReLU(), null));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(
                expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
