package dev.tauon.nn;

import dev.tauon.core.Tensor;

/**
 * Code run around a module's forward pass when it is {@linkplain Module#call called}, as PyTorch's
 * forward pre-hooks and forward hooks: it sees a chosen layer's input and output without that
 * layer's or the model's code changing. Both methods do nothing by default.
 */
public interface ForwardHook {

    /** Before the forward pass, with its input. */
    default void beforeForward(Module module, Tensor input) {}

    /**
     * After the forward pass, with its input and output; returns what the caller gets in place of
     * the output (the output itself, unless the hook means to change it).
     */
    default Tensor afterForward(Module module, Tensor input, Tensor output) {
        return output;
    }

    /** A hook's place on its module; {@link #close()} removes the hook. */
    interface Registration extends AutoCloseable {
        /** Removes the hook; closing twice does nothing more. */
        @Override
        void close();
    }
}
