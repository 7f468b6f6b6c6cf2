package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tauon.core.internal.kernel.Broadcast;
import dev.tauon.core.internal.kernel.TestData;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Broadcast arithmetic, its sums back down to a broadcast shape, and reductions along an axis split
 * their work between the kernel threads: the same bits on one and two threads, on activations
 * large enough to be split (a batch-normalised [8, 16, 31, 31] tensor: rows of 31, and of 3), and
 * values a naive loop gives.
 */
class BroadcastThreadsTest {

    private static final int[] BIG = {8, 16, 31, 31};
    private static final int[] NARROW = {64, 256, 3, 3};

    @Test
    void arithmeticGivesTheSameBitsOnOneAndTwoThreads() {
        for (int[] shape : new int[][] {BIG, NARROW}) {
            float[] x = TestData.uniform(61, Shapes.size(shape));
            int[][] operands = {{1, shape[1], 1, 1}, {shape[1], 1, 1}, {}, {shape[3]}, shape.clone()};
            for (int[] other : operands) {
                float[] y = TestData.uniform(62, Shapes.size(other));
                for (Broadcast.Op op : Broadcast.Op.values()) {
                    float[] one = onThreads(1, () -> applied(op, x, shape, y, other));
                    float[] two = onThreads(2, () -> applied(op, x, shape, y, other));
                    assertArrayEquals(one, two, op + " " + Shapes.str(shape) + " with " + Shapes.str(other));
                    assertArrayEquals(
                            naive(op, x, shape, y, other), two, op + " against the naive loop, " + Shapes.str(other));
                    // and the other way round: the broadcast operand first
                    assertArrayEquals(
                            onThreads(1, () -> applied(op, y, other, x, shape)),
                            onThreads(2, () -> applied(op, y, other, x, shape)),
                            op + " " + Shapes.str(other) + " with " + Shapes.str(shape));
                }
            }
            float[] channelScale = TestData.uniform(63, shape[1]);
            float[] scaled =
                    onThreads(2, () -> applied(Broadcast.Op.MUL, x, shape, channelScale, new int[] {shape[1], 1, 1}));
            int plane = shape[2] * shape[3];
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i] * channelScale[i / plane % shape[1]], scaled[i], "element " + i);
            }
        }
    }

    @Test
    void sumsToABroadcastShapeGiveTheSameBitsOnOneAndTwoThreads() {
        for (int[] shape : new int[][] {BIG, NARROW}) {
            float[] g = TestData.uniform(64, Shapes.size(shape));
            int[][] targets = {
                {1, shape[1], 1, 1}, {shape[1], 1, 1}, {}, {shape[3]}, {shape[0], 1, 1, 1}, {1, 1, shape[2], 1}
            };
            for (int[] target : targets) {
                float[] one = onThreads(1, () -> Broadcast.sumTo(g, shape, target));
                float[] two = onThreads(2, () -> Broadcast.sumTo(g, shape, target));
                assertArrayEquals(one, two, "sum of " + Shapes.str(shape) + " to " + Shapes.str(target));
                float[] back = onThreads(2, () -> Broadcast.expand(one, target, shape));
                assertArrayEquals(onThreads(1, () -> Broadcast.expand(one, target, shape)), back, "expand");
            }
            // per channel, against a sum in double
            float[] perChannel = onThreads(2, () -> Broadcast.sumTo(g, shape, new int[] {1, shape[1], 1, 1}));
            int plane = shape[2] * shape[3];
            for (int c = 0; c < shape[1]; c++) {
                double s = 0;
                for (int b = 0; b < shape[0]; b++) {
                    for (int i = 0; i < plane; i++) {
                        s += g[(b * shape[1] + c) * plane + i];
                    }
                }
                assertEquals(s, perChannel[c], 1e-3 * Math.max(1, Math.abs(s)), "channel " + c);
            }
        }
    }

    @Test
    void axisSumsGiveTheSameBitsOnOneAndTwoThreads() {
        for (int[] shape : new int[][] {BIG, NARROW, {4096, 40}}) {
            Tensor x = new Tensor(TestData.uniform(65, Shapes.size(shape)), shape);
            for (int axis = 0; axis < shape.length; axis++) {
                int ax = axis;
                float[] one = onThreads(1, () -> x.sum(ax, true).data());
                float[] two = onThreads(2, () -> x.sum(ax, true).data());
                assertArrayEquals(one, two, "sum over axis " + axis + " of " + Shapes.str(shape));
            }
            Tensor mean = onThreadsTensor(2, () -> x.mean(new int[] {0, shape.length - 1}, false));
            assertEquals(shape.length == 2 ? 1 : shape[1] * shape[2], mean.data().length);
        }
    }

    /** {@code a op b} element by element, each operand's index found by division: the definition. */
    private static float[] naive(Broadcast.Op op, float[] a, int[] aShape, float[] b, int[] bShape) {
        int[] shape = Shapes.broadcast("test", aShape, bShape);
        float[] out = new float[Shapes.size(shape)];
        for (int e = 0; e < out.length; e++) {
            float u = a[broadcastIndex(e, shape, aShape)];
            float v = b[broadcastIndex(e, shape, bShape)];
            out[e] = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                case DIV -> u / v;
            };
        }
        return out;
    }

    /** The element of an array shaped {@code from} (aligned right, size 1 broadcast) that output element {@code e} reads. */
    private static int broadcastIndex(int e, int[] shape, int[] from) {
        int index = 0;
        int stride = 1;
        for (int d = shape.length - 1, f = from.length - 1; d >= 0; d--, f--) {
            int coordinate = e % shape[d];
            e /= shape[d];
            if (f >= 0) {
                index += (from[f] == 1 ? 0 : coordinate) * stride;
                stride *= from[f];
            }
        }
        return index;
    }

    private static float[] applied(Broadcast.Op op, float[] a, int[] aShape, float[] b, int[] bShape) {
        int[] shape = Shapes.broadcast("test", aShape, bShape);
        float[] out = new float[Shapes.size(shape)];
        Broadcast.apply(op, a, aShape, b, bShape, out, shape);
        return out;
    }

    private static float[] onThreads(int threads, Supplier<float[]> body) {
        float[][] result = new float[1][];
        TestData.withThreads(threads, () -> result[0] = body.get());
        return result[0];
    }

    private static Tensor onThreadsTensor(int threads, Supplier<Tensor> body) {
        Tensor[] result = new Tensor[1];
        TestData.withThreads(threads, () -> result[0] = body.get());
        return result[0];
    }
}
