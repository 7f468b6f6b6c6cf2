package dev.tauon.nn.layers;

import dev.tauon.core.Generator;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;
import java.util.Arrays;
import java.util.Objects;

/**
 * A residual connection without writing a class: {@code block(x) + x}, or
 * {@code block(x) + shortcut(x)} with a projection shortcut (a 1x1 {@code Conv2D} with a stride,
 * say) where the block changes the shape. The two shapes must be equal: nothing is broadcast.
 *
 * <pre>{@code
 * new Residual(new Sequential(
 *         new Conv2D(16, 3, Activation.RELU).padding(Padding.SAME),
 *         new Conv2D(16, 3).padding(Padding.SAME)))
 * }</pre>
 *
 * <p>The children are named {@code "block"} and {@code "shortcut"}, so parameters are
 * {@code block.0.weight}, ..., {@code shortcut.weight}. Building builds the block, then the
 * shortcut, for the same input shape. An activation after the sum, as in ResNet, is the next layer.
 */
public class Residual extends Module {
    private final Module block;
    private final Module shortcut;

    /** {@code block(x) + x}: the block must keep the shape of its input. */
    public Residual(Module block) {
        this.block = registerModule("block", Objects.requireNonNull(block, "block"));
        this.shortcut = null;
    }

    /** {@code block(x) + shortcut(x)}: both must give the same shape. */
    public Residual(Module block, Module shortcut) {
        this.block = registerModule("block", Objects.requireNonNull(block, "block"));
        this.shortcut = registerModule("shortcut", Objects.requireNonNull(shortcut, "shortcut"));
    }

    /** The block whose output the shortcut is added to. */
    public Module block() {
        return block;
    }

    /** The projection shortcut, or {@code null} for the identity. */
    public Module shortcut() {
        return shortcut;
    }

    @Override
    protected void buildParameters(int[] inputShape, Generator init) {
        block.build(init, inputShape);
        if (shortcut != null) {
            shortcut.build(init, inputShape);
        }
        outputShape(inputShape); // checks that the two branches agree
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] main = block.outputShape(inputShape);
        int[] skip = shortcut == null ? inputShape : shortcut.outputShape(inputShape);
        if (!Arrays.equals(main, skip)) {
            throw new IllegalArgumentException(
                    mismatch(Summary.tauonShape(inputShape), Summary.tauonShape(main), Summary.tauonShape(skip)));
        }
        return main;
    }

    /** Runs both branches and adds them; builds from this batch's shape on the first call if needed. */
    @Override
    public Tensor forward(Tensor x) {
        buildFromBatchIfNeeded(x);
        Tensor main = block.call(x);
        Tensor skip = shortcut == null ? x : shortcut.call(x);
        if (!Arrays.equals(main.shape(), skip.shape())) {
            throw new IllegalArgumentException(
                    mismatch(Shapes.str(x.shape()), Shapes.str(main.shape()), Shapes.str(skip.shape())));
        }
        return main.add(skip);
    }

    private String mismatch(String input, String main, String skip) {
        return name() + ": for input " + input + " the block gives " + main + " but the "
                + (shortcut == null ? "identity shortcut gives " : "shortcut gives ") + skip
                + (shortcut == null
                        ? "; give the block's output the input's shape, or add a projection shortcut"
                        : "; the two must have the same shape");
    }

    @Override
    public String name() {
        return "Residual(" + block.name() + (shortcut == null ? "" : ", shortcut " + shortcut.name()) + ")";
    }
}
