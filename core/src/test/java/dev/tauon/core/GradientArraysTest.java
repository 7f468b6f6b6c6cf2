package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The store of recycled gradient arrays, and the ops that use it: an array goes back only once
 * nothing reads it, so a second training step on the same shapes, which takes those arrays again,
 * gives the first step's bits and leaves every gradient the first step handed out as it was.
 */
class GradientArraysTest {

    @Test
    void takeReturnsWhatThisThreadRecycled() throws InterruptedException {
        int n = GradientArrays.MIN_LENGTH + 5;
        float[] a = new float[n];
        GradientArrays.recycle(a);
        AtomicReference<float[]> elsewhere = new AtomicReference<>();
        Thread other = new Thread(() -> elsewhere.set(GradientArrays.take(n)));
        other.start();
        other.join();
        assertNotSame(a, elsewhere.get(), "another thread's store is its own");
        assertSame(a, GradientArrays.take(n));
        assertNotSame(a, GradientArrays.take(n), "taken once, gone from the store");
    }

    @Test
    void smallArraysAndSurplusAreNotKept() {
        float[] small = new float[GradientArrays.MIN_LENGTH - 1];
        GradientArrays.recycle(small);
        assertNotSame(small, GradientArrays.take(small.length));
        int n = GradientArrays.MIN_LENGTH + 7;
        float[][] arrays = new float[GradientArrays.PER_LENGTH + 1][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new float[n];
            GradientArrays.recycle(arrays[i]);
        }
        for (int i = GradientArrays.PER_LENGTH - 1; i >= 0; i--) {
            assertSame(arrays[i], GradientArrays.take(n));
        }
        assertNotSame(arrays[GradientArrays.PER_LENGTH], GradientArrays.take(n), "over the per-length bound");
    }

    /**
     * Convolutions and max pools large enough for their gradients to be recycled, with the input's
     * gradient and one retained intermediate gradient handed out: after a second identical step,
     * which takes the recycled arrays, the first step's gradients are unchanged and the second's equal
     * them to the bit.
     */
    @Test
    void recycledArraysAreNeverStillInUse() {
        Tensor w1 = Tensor.uniform(new Generator(1), -0.3f, 0.3f, 8, 3, 3, 3).requiresGrad(true);
        Tensor w2 = Tensor.uniform(new Generator(2), -0.3f, 0.3f, 8, 8, 3, 3).requiresGrad(true);
        Tensor weights = Tensor.uniform(new Generator(3), -1, 1, 2, 8, 32, 32);
        float[][] first = null;
        Tensor[] firstGrads = null;
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.uniform(new Generator(4), -1, 1, 2, 3, 130, 130).requiresGrad(true);
            Tensor c1 = x.conv2dRelu(w1, null, 1, 1, 0, 0); // [2, 8, 128, 128]: recycled gradients
            Tensor p1 = c1.maxPool2d(2, 2).retainGrad(); // [2, 8, 64, 64], kept by the caller
            Tensor c2 = p1.conv2d(w2, null, 1, 1, 1, 1); // its input gradient is taken from the store
            Tensor loss = c2.maxPool2d(2, 2).mul(weights).sum();
            w1.zeroGrad();
            w2.zeroGrad();
            loss.backward();
            Tensor[] grads = {x.grad(), p1.grad(), w1.grad(), w2.grad()};
            float[][] copies = new float[grads.length][];
            for (int i = 0; i < grads.length; i++) {
                copies[i] = grads[i].toArray();
            }
            if (first == null) {
                first = copies;
                firstGrads = grads;
            } else {
                for (int i = 0; i < grads.length; i++) {
                    assertArrayEquals(first[i], copies[i], "gradient " + i + " of step " + (step + 1));
                }
                for (int i = 0; i < 2; i++) {
                    assertArrayEquals(
                            first[i],
                            firstGrads[i].toArray(),
                            "the first step's gradient " + i + " after step " + (step + 1));
                }
            }
        }
    }
}
