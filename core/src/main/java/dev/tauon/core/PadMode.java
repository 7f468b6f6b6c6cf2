package dev.tauon.core;

/** What {@link Tensor#pad} puts outside the input, as in PyTorch's {@code F.pad} modes. */
public enum PadMode {
    /** Zeros. */
    ZERO,
    /**
     * The input mirrored at its edge, the edge itself not repeated: {@code [1, 2, 3]} padded by 2 on
     * each side is {@code [3, 2, 1, 2, 3, 2, 1]}. Each padding must be smaller than its axis.
     */
    REFLECT
}
