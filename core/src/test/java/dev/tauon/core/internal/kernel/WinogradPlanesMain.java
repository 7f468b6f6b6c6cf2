package dev.tauon.core.internal.kernel;

import java.util.Arrays;

/**
 * Child-JVM main of {@link WinogradPlanesTest}: the forward pass, input gradient and weight gradient
 * of four convolutions that take the Winograd path with images read a plane at a time (rows of 21
 * tiles; of 16 on 5 rows; of 8 on 7 rows, two rows a vector and the last alone with 16 lanes; and an
 * unpadded 8x32 output whose input gradient pads by 2) on the active provider;
 * prints whether the planes were read and a hash of every output's bits: the JVMs the test starts
 * (planes on and off, 16 and 8 lanes, the plain provider) must print the same hash. {@link
 * WinogradConv2dTest} holds the values against the naive reference.
 */
public final class WinogradPlanesMain {

    private WinogradPlanesMain() {}

    public static void main(String[] args) {
        ConvShape[] shapes = {
            new ConvShape(2, 96, 11, 41, 96, 3, 3, 1, 1, 1, 1),
            new ConvShape(2, 64, 9, 32, 64, 3, 3, 1, 1, 1, 1),
            new ConvShape(2, 96, 13, 16, 96, 3, 3, 1, 1, 1, 1),
            new ConvShape(1, 100, 10, 34, 100, 3, 3, 1, 1, 0, 0),
        };
        FloatOps ops = SimdSupport.active();
        int hash = 1;
        StringBuilder planes = new StringBuilder();
        for (ConvShape s : shapes) {
            if (!WinogradConv2d.applies(s)) {
                throw new AssertionError("the Winograd rule no longer takes " + s);
            }
            planes.append(WinogradConv2d.readsPlanes(s) ? 'y' : 'n');
            float[] x = TestData.uniform(31, s.n() * s.c() * s.h() * s.w());
            float[] w = TestData.uniform(32, s.o() * s.patch());
            float[] gradOut = TestData.uniform(33, s.n() * s.o() * s.pixels());
            float[] out = new float[gradOut.length];
            float[] gradX = new float[x.length];
            float[] gradW = new float[w.length];
            float[] gradBias = new float[s.o()];
            Conv2dKernels.forward(ops, x, w, null, out, s, false);
            Conv2dKernels.backwardInput(ops, gradOut, w, gradX, s);
            Conv2dKernels.backwardWeight(ops, x, gradOut, gradW, gradBias, s);
            hash = 31 * (31 * (31 * hash + Arrays.hashCode(out)) + Arrays.hashCode(gradX)) + Arrays.hashCode(gradW);
        }
        System.out.println(ops.describe() + " planes=" + planes + " hash=" + Integer.toHexString(hash));
    }
}
