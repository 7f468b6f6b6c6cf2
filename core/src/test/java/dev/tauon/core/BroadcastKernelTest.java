package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tauon.core.internal.kernel.Broadcast;
import org.junit.jupiter.api.Test;

class BroadcastKernelTest {

    @Test
    void sumToReducesBroadcastDimensions() {
        float[] g = {1, 2, 3, 4, 5, 6}; // [2, 3]
        assertArrayEquals(new float[] {5, 7, 9}, Broadcast.sumTo(g, new int[] {2, 3}, new int[] {3}));
        assertArrayEquals(new float[] {6, 15}, Broadcast.sumTo(g, new int[] {2, 3}, new int[] {2, 1}));
        assertArrayEquals(new float[] {21}, Broadcast.sumTo(g, new int[] {2, 3}, new int[0]));
        assertArrayEquals(new float[] {21}, Broadcast.sumTo(g, new int[] {2, 3}, new int[] {1, 1}));
        assertArrayEquals(g, Broadcast.sumTo(g, new int[] {2, 3}, new int[] {2, 3}));
    }

    @Test
    void expandRepeatsAlongBroadcastDimensions() {
        assertArrayEquals(
                new float[] {1, 2, 3, 1, 2, 3},
                Broadcast.expand(new float[] {1, 2, 3}, new int[] {3}, new int[] {2, 3}));
        assertArrayEquals(
                new float[] {1, 1, 1, 2, 2, 2},
                Broadcast.expand(new float[] {1, 2}, new int[] {2, 1}, new int[] {2, 3}));
        assertArrayEquals(new float[] {-0f, -0f}, Broadcast.expand(new float[] {-0f}, new int[0], new int[] {2}));
        assertArrayEquals(
                new float[] {1, 2, 1, 2, 3, 4, 3, 4},
                Broadcast.expand(new float[] {1, 2, 3, 4}, new int[] {2, 1, 2}, new int[] {2, 2, 2}));
        assertArrayEquals(new float[0], Broadcast.expand(new float[] {7}, new int[] {1}, new int[] {0}));
    }

    @Test
    void applyBroadcastsBothSides() {
        float[] out = new float[6];
        Broadcast.apply(
                Broadcast.Op.SUB,
                new float[] {10, 20},
                new int[] {2, 1},
                new float[] {1, 2, 3},
                new int[] {1, 3},
                out,
                new int[] {2, 3});
        assertArrayEquals(new float[] {9, 8, 7, 19, 18, 17}, out);
    }
}
