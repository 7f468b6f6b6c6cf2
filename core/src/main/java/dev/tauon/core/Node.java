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

    /**
     * A {@link Backward} that may reuse {@code gradOut} when {@code disposable}: nothing reads that
     * array after the call (the output's gradient is dropped, not retained), so an elementwise rule
     * can write the input's gradient over it and hand the array on instead of allocating another.
     */
    @FunctionalInterface
    interface ReusingBackward extends Backward {
        void apply(float[] gradOut, boolean disposable);

        @Override
        default void apply(float[] gradOut) {
            apply(gradOut, false);
        }
    }
}
