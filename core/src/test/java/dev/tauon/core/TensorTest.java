package dev.tauon.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void factoriesFillShapeAndValues() {
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).data());
        assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 3).shape());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).data());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7f, 2, 1).data());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).data());
        Tensor s = Tensor.scalar(2.5f);
        assertEquals(0, s.rank());
        assertEquals(2.5f, s.item());
    }

    @Test
    void ofCopiesAndWrapShares() {
        float[] d = {1, 2, 3, 4};
        Tensor copied = Tensor.of(d, 2, 2);
        Tensor wrapped = Tensor.wrap(d, 4);
        d[0] = 9;
        assertEquals(1f, copied.get(0, 0));
        assertEquals(9f, wrapped.get(0));
        assertSame(d, wrapped.data());
    }

    @Test
    void wrongSizeIsRejectedWithShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    }

    @Test
    void elementAccessIsRowMajorAndBoundsChecked() {
        Tensor t = Tensor.arange(6).reshape(2, 3);
        assertEquals(5f, t.get(1, 2));
        assertEquals(3f, t.get(1, 0));
        t.set(-1f, 0, 1);
        assertEquals(-1f, t.data()[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.get(2, 0));
        assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertThrows(IllegalArgumentException.class, t::item);
        assertEquals(2, t.dim(0));
        assertEquals(3, t.dim(-1));
        assertEquals(6, t.size());
    }

    @Test
    void toStringShowsShapeAndFirstValues() {
        assertEquals("Tensor[2] [0.0, 1.0]", Tensor.arange(2).toString());
        String big = Tensor.zeros(3, 4).requiresGrad(true).toString();
        assertTrue(big.startsWith("Tensor[3, 4] [0.0,"), big);
        assertTrue(big.contains("4 more"), big);
        assertTrue(big.endsWith("requiresGrad"), big);
        assertTrue(Tensor.ones(2).requiresGrad(true).mul(2f).toString().contains("grad_fn=mul"));
    }

    @Test
    void sameSeedSameBits() {
        assertArrayEquals(Tensor.rand(42, 100).data(), Tensor.rand(42, 100).data());
        assertArrayEquals(Tensor.randn(7, 50).data(), Tensor.randn(7, 50).data());
        assertNotEquals(Tensor.rand(1, 4).data()[0], Tensor.rand(2, 4).data()[0]);
        Generator g = new Generator(3);
        Tensor u = Tensor.uniform(g, -2f, 2f, 1000);
        for (float v : u.data()) {
            assertTrue(v >= -2f && v < 2f);
        }
    }

    @Test
    void randomDistributionsHaveTheirMoments() {
        Tensor n = Tensor.normal(new Generator(11), 1f, 2f, 20000);
        double mean = n.mean().item();
        double var = n.sub((float) mean).pow(2f).mean().item();
        assertEquals(1.0, mean, 0.05);
        assertEquals(4.0, var, 0.15);
        Tensor u = Tensor.rand(5, 20000);
        assertEquals(0.5, u.mean().item(), 0.01);
    }

    @Test
    void generatorStateRoundTrips() {
        Generator g = new Generator(99);
        g.nextLong();
        long[] state = g.state();
        long a = g.nextLong();
        int b = g.nextInt(10);
        Generator h = new Generator(0);
        h.setState(state);
        assertEquals(a, h.nextLong());
        assertEquals(b, h.nextInt(10));
        assertThrows(IllegalArgumentException.class, () -> h.setState(new long[4]));
        assertThrows(IllegalArgumentException.class, () -> h.nextInt(0));
    }

    @Test
    void generatorIntsAreUniform() {
        Generator g = new Generator(5);
        int[] counts = new int[7];
        for (int i = 0; i < 70000; i++) {
            counts[g.nextInt(7)]++;
        }
        for (int c : counts) {
            assertEquals(10000, c, 400);
        }
        int[] perm = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        g.shuffle(perm);
        assertArrayEquals(
                new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                Arrays.stream(perm).sorted().toArray());
    }

    @Test
    void batchChecksItsParts() {
        Tensor x = Tensor.zeros(3, 2);
        assertEquals(3, Batch.ofLabels(x, new int[] {0, 1, 2}).size());
        assertThrows(IllegalArgumentException.class, () -> Batch.ofLabels(x, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Batch.ofTargets(x, Tensor.zeros(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Batch(x, null, null));
    }
}
