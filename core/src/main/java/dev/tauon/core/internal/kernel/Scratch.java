package dev.tauon.core.internal.kernel;

/**
 * Per-thread scratch arrays, grown on demand and kept, so kernels allocate nothing per call once
 * warm. Each kernel uses its own slot numbers; a slot is only valid until the same thread asks for
 * it again.
 */
final class Scratch {

    static final int COLUMNS = 0;
    static final int COL_GRAD = 1;
    static final int GATHERED = 2;
    static final int GROUP_COL = 3;
    static final int GROUP_GRAD = 4;
    static final int PARTIALS = 5;
    static final int LEVELS = 6;
    static final int TRANSPOSED = 7;
    static final int PADDED = 8;
    static final int DIRECT_PRODUCT = 9;
    static final int DIRECT_WEIGHTS = 10;
    static final int DIRECT_TILE = 11;
    static final int WIDE_GRAD = 12;
    static final int GROUP_PADDED = 13;
    static final int FLIPPED_WEIGHTS = 14;
    static final int WINOGRAD_WEIGHTS = 15;
    static final int WINOGRAD_INPUT = 16;
    static final int WINOGRAD_PRODUCT = 17;
    static final int WINOGRAD_IMAGE = 18;
    static final int ROW_DOT_LANES = 19;
    static final int CHANNELS_LAST = 20;
    static final int TAP_MAJOR_WEIGHTS = 21;
    static final int WINOGRAD_PIXELS = 22;
    static final int POOLED_CHANNELS_LAST = 23;
    private static final int SLOTS = 24;

    /** Slots of {@link #ints}: image-shifted offset tables and an image's filter rows. */
    static final int SHIFTED_OFFSETS = 0;

    static final int FILTER_ROWS = 1;
    private static final int INT_SLOTS = 2;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);
    private static final ThreadLocal<int[][]> INT_BUFFERS = ThreadLocal.withInitial(() -> new int[INT_SLOTS][0]);

    private Scratch() {}

    /** A float array of at least {@code size} elements with unspecified contents. */
    static float[] floats(int slot, int size) {
        float[][] buffers = BUFFERS.get();
        if (buffers[slot].length < size) {
            buffers[slot] = new float[size];
        }
        return buffers[slot];
    }

    /** An int array of at least {@code size} elements with unspecified contents (slots of its own). */
    static int[] ints(int slot, int size) {
        int[][] buffers = INT_BUFFERS.get();
        if (buffers[slot].length < size) {
            buffers[slot] = new int[size];
        }
        return buffers[slot];
    }
}
