/**
 * Dense float32 tensors with reverse-mode automatic differentiation.
 *
 * <p>{@link dev.tauon.core.Tensor} is the one user-facing type: creation ({@code zeros}, {@code uniform},
 * seeded by a {@link dev.tauon.core.Generator}), element-wise and shape ops, reductions, matrix
 * multiply, convolution and pooling. An op records how to send gradients back to its inputs, and
 * {@code backward()} walks that graph; {@link dev.tauon.core.NoGrad} turns recording off. The ops are
 * grouped by kind ({@code ElementwiseOps}, {@code ShapeOps}, ...), each forward beside its backward,
 * and call the array kernels of the internal package {@code dev.tauon.core.internal.kernel}. What
 * a user sets of those kernels is here: the thread count and SIMD provider ({@link
 * dev.tauon.core.Kernels}) and thread budgets of one's own ({@link dev.tauon.core.KernelPool}).
 */
package dev.tauon.core;
