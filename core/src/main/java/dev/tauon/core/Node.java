package dev.tauon.core;

/**
 * The record an op leaves in the graph: which tensors it read and how to send a gradient back to
 * them. The backward rule is a closure written next to the op's forward code; it captures exactly
 * the buffers it needs, and dropping it after backward is what frees them.
 */
final class Node {
    final String op;
    Tensor[] inputs;
    Backward backward;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    boolean released() {
        return backward == null;
    }

    void release() {
        inputs = null;
        backward = null;
    }

    /** Sends {@code gradOut} (the gradient of the loss w.r.t. the op's output) back to the inputs. */
    @FunctionalInterface
    interface Backward {
        void apply(float[] gradOut);
    }
}
