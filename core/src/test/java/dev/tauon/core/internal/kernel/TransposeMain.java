package dev.tauon.core.internal.kernel;

/**
 * Child-JVM main of {@link TransposeByLaneMovesTest}: the active provider's {@link
 * FloatOps#transpose}, and its filter-lanes kernel's {@link FilterLanesTileKernel#toChannelsLast}
 * (rows a stride apart), on shapes with whole blocks (16 x 16, or 8 x 8), partial ones and none, against the
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
        FilterLanesTileKernel lanes = ops.filterLanesKernel();
        if (lanes != null) {
            // The filter-lanes kernel's strided transposition: runs srcStride apart, rows of filters() floats.
            int filters = lanes.filters();
            for (int round = 0; round < 100; round++) {
                for (int count : new int[] {1, 16, 17, 169}) {
                    int stride = count + 7;
                    float[] src = TestData.uniform(count, 2 + filters * stride);
                    float[] dst = new float[3 + count * filters + 1];
                    lanes.toChannelsLast(src, 2, stride, count, dst, 3);
                    for (int d = 0; d < count; d++) {
                        for (int f = 0; f < filters; f++) {
                            if (Float.floatToRawIntBits(dst[3 + d * filters + f])
                                    != Float.floatToRawIntBits(src[2 + f * stride + d])) {
                                throw new AssertionError("toChannelsLast " + count + ": (" + d + ", " + f + ")");
                            }
                        }
                    }
                    if (dst[2] != 0f || dst[3 + count * filters] != 0f) {
                        throw new AssertionError("toChannelsLast " + count + " wrote outside");
                    }
                    checked++;
                }
            }
        }
        System.out.println("provider=" + ops.name() + " transposeBlocks="
                + System.getProperty("tauon.simd.transposeBlocks") + " transposeHalves="
                + System.getProperty("tauon.simd.transposeHalves") + " checked=" + checked);
    }
}
