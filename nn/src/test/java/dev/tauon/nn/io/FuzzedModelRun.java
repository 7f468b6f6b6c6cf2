package dev.tauon.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.Arrays;

/** The check the model readers' fuzz targets make on a model they read: it runs and gives the shape it declares. */
public final class FuzzedModelRun {
    /** Models with more elements in or out are not run: running them would take seconds. */
    public static final long MAX_ELEMENTS = 1 << 14;

    private FuzzedModelRun() {}

    /** Runs {@code model}, built for {@code in}, in evaluation mode on a batch of 2 and checks the output's shape. */
    public static void check(Module model, int[] in) {
        int[] out = model.outputShape(in);
        if (elements(in) > MAX_ELEMENTS || elements(out) > MAX_ELEMENTS) {
            return;
        }
        int[] batch = new int[in.length + 1];
        batch[0] = 2;
        System.arraycopy(in, 0, batch, 1, in.length);
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor y = model.forward(Tensor.randn(new Generator(2), batch));
            assertEquals(2, y.shape()[0]);
            assertArrayEquals(out, Arrays.copyOfRange(y.shape(), 1, y.shape().length));
        }
    }

    /** The product of {@code shape}'s dimensions. */
    public static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
