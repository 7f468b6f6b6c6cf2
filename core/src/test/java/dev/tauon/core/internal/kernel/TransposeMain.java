package dev.tauon.core.internal.kernel;

/**
 * Child-JVM main of {@link TransposeByLaneMovesTest}: the active provider's {@link
 * FloatOps#transpose} on shapes with whole 16 x 16 blocks, partial ones and none, against the
 * element-by-element copy; exits non-zero at the first element out of place.
 */
public final class TransposeMain {

    private TransposeMain() {}

    public static void main(String[] args) {
        FloatOps ops = SimdSupport.active();
        int checked = 0;
        // Enough calls for C2 to compile the block mover, so its compiled code is checked too.
        for (int round = 0; round < 300; round++) {
            for (int rows : new int[] {16, 17, 32, 36, 169}) {
                for (int cols : new int[] {16, 17, 32, 64}) {
                    float[] src = TestData.uniform(rows * 100 + cols, 3 + rows * cols);
                    float[] dst = new float[5 + rows * cols + 2];
                    ops.transpose(src, 3, rows, cols, dst, 5);
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            float expected = src[3 + i * cols + j];
                            float actual = dst[5 + j * rows + i];
                            if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual)) {
                                throw new AssertionError(ops.name() + " transpose " + rows + " x " + cols
                                        + ": element (" + i + ", " + j + ") is " + actual + ", expected " + expected);
                            }
                        }
                    }
                    if (dst[4] != 0f || dst[5 + rows * cols] != 0f) {
                        throw new AssertionError(ops.name() + " transpose " + rows + " x " + cols + " wrote outside");
                    }
                    checked++;
                }
            }
        }
        System.out.println("provider=" + ops.name() + " transposeBlocks="
                + System.getProperty("tauon.simd.transposeBlocks") + " checked=" + checked);
    }
}
