package dev.tauon.core;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Large gradient arrays of intermediate tensors, kept for the next backward pass. A training step
 * allocates the same input-sized gradients every time (max pooling's, a convolution's input
 * gradient: 12.6 of the 29.0 MB the CIFAR-10 CNN's step allocated), and handing them round again is
 * what keeps its garbage collection small.
 *
 * <p>An op {@link #recycle}s an array only when its backward has consumed a disposable output
 * gradient (see {@link Node.ReusingBackward}: nothing reads that array afterwards), and
 * {@link #take}s one only for a gradient whose every element its kernel writes. Per thread; at most
 * {@link #PER_LENGTH} arrays of each length and {@link #MAX_LENGTHS} lengths, each held softly, so
 * a JVM short of memory drops them rather than failing.
 */
final class GradientArrays {

    /** Arrays shorter than this (256 KiB) come cheaply from the thread's allocation buffer; not kept. */
    static final int MIN_LENGTH = 1 << 16;

    /** Arrays kept per length: one step of a network needs one of each of its gradient sizes at a time. */
    static final int PER_LENGTH = 2;

    /** Distinct lengths kept; more (a program that keeps changing shapes) starts the store afresh. */
    static final int MAX_LENGTHS = 32;

    private static final ThreadLocal<Map<Integer, ArrayDeque<SoftReference<float[]>>>> FREE =
            ThreadLocal.withInitial(HashMap::new);

    private GradientArrays() {}

    /** An array of {@code length} floats with arbitrary contents: a recycled one if the thread has it. */
    static float[] take(int length) {
        ArrayDeque<SoftReference<float[]>> free = FREE.get().get(length);
        while (free != null && !free.isEmpty()) {
            float[] a = free.pop().get();
            if (a != null) {
                return a;
            }
        }
        return new float[length];
    }

    /** Keeps {@code a} for a later {@link #take}; the caller must not touch it again. */
    static void recycle(float[] a) {
        if (a.length < MIN_LENGTH) {
            return;
        }
        Map<Integer, ArrayDeque<SoftReference<float[]>>> free = FREE.get();
        if (!free.containsKey(a.length) && free.size() >= MAX_LENGTHS) {
            free.clear();
        }
        ArrayDeque<SoftReference<float[]>> same = free.computeIfAbsent(a.length, n -> new ArrayDeque<>());
        if (same.size() < PER_LENGTH) {
            same.push(new SoftReference<>(a));
        }
    }
}
