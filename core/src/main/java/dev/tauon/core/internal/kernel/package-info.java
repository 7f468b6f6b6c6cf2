/**
 * Internal, not API: exported only to Tauon's own modules and may change in any release; users set
 * threads through {@code dev.tauon.core.Kernels} and {@code dev.tauon.core.KernelPool}. The compute kernels on plain {@code float[]} arrays: GEMM, im2col convolution, pooling, softmax,
 * broadcasting, and the worker threads that run them ({@link dev.tauon.core.internal.kernel.Parallel}).
 *
 * <p>Kernels know nothing of tensors or autograd. Every kernel splits its work so that each output
 * element is computed by one task in a fixed order, which makes results bitwise identical for any
 * thread count and for both SIMD providers ({@link dev.tauon.core.internal.kernel.SimdSupport} picks the
 * Vector API provider when {@code jdk.incubator.vector} is readable, plain loops otherwise).
 */
package dev.tauon.core.internal.kernel;
