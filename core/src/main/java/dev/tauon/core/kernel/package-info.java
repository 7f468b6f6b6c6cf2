/**
 * The compute kernels on plain {@code float[]} arrays: GEMM, im2col convolution, pooling, softmax,
 * broadcasting, and the worker threads that run them ({@link dev.tauon.core.kernel.Parallel}).
 * 
 * <p>Kernels know nothing of tensors or autograd. Every kernel splits its work so that each output
 * element is computed by one task in a fixed order, which makes results bitwise identical for any
 * thread count and for both SIMD providers ({@link dev.tauon.core.kernel.SimdSupport} picks the
 * Vector API provider when {@code jdk.incubator.vector} is readable, plain loops otherwise).
 */
package dev.tauon.core.kernel;
