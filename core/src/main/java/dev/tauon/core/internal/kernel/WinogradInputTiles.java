package dev.tauon.core.internal.kernel;

/**
 * The input transform of {@link WinogradConv2d}, {@code B^T d B} with {@code B^T = [[1, 0, -1, 0],
 * [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]}, for every input channel of an image stored channels
 * last ({@code [pixel, channel]}). Each tile's sixteen window elements are rows of channels at the
 * offsets a window table gives ({@link #windows}); padding points at a pixel of zeros. The channels
 * are the inner loop, so a tile's transform is sixteen runs of channels in and sixteen out: the
 * Vector API provider takes them a vector at a time, and every provider computes each element by
 * the same additions in the same order ({@link #transform}), so all give the same bits.
 *
 * <p>Images with many tiles are read a channel plane at a time instead ({@link #transformPlane}):
 * each plane copied with its even and odd columns apart ({@link #split}), the tiles of a row the
 * inner loop, a vector of tiles a load per window element. That spares the transposition to channels
 * last; the elements and their additions are the same, so are the bits, and only the transformed
 * array's layout differs ({@code [c, tiles]} planes instead of {@code [tiles, c]}).
 */
public final class WinogradInputTiles {

    private WinogradInputTiles() {}

    /**
     * For each tile of a {@code tilesH x tilesW} grid over an {@code h x w} image seen padded by
     * {@code padH, padW}, the offsets (in floats, into the channels-last image) of its 4x4 window
     * row by row: {@code windows[16 * tile + 4 * r + q]} for tile {@code ty * tilesW + tx} is
     * pixel {@code (2 ty + r - padH, 2 tx + q - padW)} times {@code c}, or {@code h * w * c} (the zero
     * pixel after the image) where that lies outside the image.
     */
    static int[] windows(int h, int w, int c, int padH, int padW, int tilesH, int tilesW) {
        int[] windows = new int[16 * tilesH * tilesW];
        int zero = h * w * c;
        for (int ty = 0, i = 0; ty < tilesH; ty++) {
            for (int tx = 0; tx < tilesW; tx++) {
                for (int r = 0; r < 4; r++) {
                    for (int q = 0; q < 4; q++, i++) {
                        int y = 2 * ty + r - padH;
                        int x = 2 * tx + q - padW;
                        windows[i] = y >= 0 && y < h && x >= 0 && x < w ? (y * w + x) * c : zero;
                    }
                }
            }
        }
        return windows;
    }

    /**
     * Channels {@code from <= ci < to} of every tile: element {@code xi} of tile {@code i}'s transform
     * into {@code v[xi * plane + at + i * c + ci]}, from the channels-last image {@code x} (with its
     * zero pixel) through {@code windows} ({@code tiles} tiles). Rows first, then columns: the four
     * window rows {@code d0..d3} make {@code e0 = d0 - d2, e1 = d1 + d2, e2 = d2 - d1, e3 = d1 -
     * d3} column by column, and each {@code e}'s four columns {@code f0..f3} make elements {@code 4k}
     * to {@code 4k + 3}: {@code f0 - f2, f1 + f2, f2 - f1, f1 - f3}.
     */
    public static void transform(
            float[] x, int[] windows, int tiles, int c, int from, int to, float[] v, int plane, int at) {
        for (int i = 0; i < tiles; i++) {
            int wi = 16 * i;
            int vo = at + i * c;
            for (int ci = from; ci < to; ci++) {
                float e00 = x[windows[wi] + ci] - x[windows[wi + 8] + ci];
                float e01 = x[windows[wi + 1] + ci] - x[windows[wi + 9] + ci];
                float e02 = x[windows[wi + 2] + ci] - x[windows[wi + 10] + ci];
                float e03 = x[windows[wi + 3] + ci] - x[windows[wi + 11] + ci];
                float e10 = x[windows[wi + 4] + ci] + x[windows[wi + 8] + ci];
                float e11 = x[windows[wi + 5] + ci] + x[windows[wi + 9] + ci];
                float e12 = x[windows[wi + 6] + ci] + x[windows[wi + 10] + ci];
                float e13 = x[windows[wi + 7] + ci] + x[windows[wi + 11] + ci];
                float e20 = x[windows[wi + 8] + ci] - x[windows[wi + 4] + ci];
                float e21 = x[windows[wi + 9] + ci] - x[windows[wi + 5] + ci];
                float e22 = x[windows[wi + 10] + ci] - x[windows[wi + 6] + ci];
                float e23 = x[windows[wi + 11] + ci] - x[windows[wi + 7] + ci];
                float e30 = x[windows[wi + 4] + ci] - x[windows[wi + 12] + ci];
                float e31 = x[windows[wi + 5] + ci] - x[windows[wi + 13] + ci];
                float e32 = x[windows[wi + 6] + ci] - x[windows[wi + 14] + ci];
                float e33 = x[windows[wi + 7] + ci] - x[windows[wi + 15] + ci];
                int o = vo + ci;
                putColumns(v, o, plane, e00, e01, e02, e03);
                putColumns(v, o + 4 * plane, plane, e10, e11, e12, e13);
                putColumns(v, o + 8 * plane, plane, e20, e21, e22, e23);
                putColumns(v, o + 12 * plane, plane, e30, e31, e32, e33);
            }
        }
    }

    /**
     * Floats past the last tile of a row of {@link #split}'s halves: a whole vector of the widest
     * provider (16 floats), so that a vector of tiles loaded from any tile of the row stays inside it.
     */
    static final int SPARE = 16;

    /**
     * The length of each half of a row of {@link #split} for a grid {@code tilesW} tiles wide: the
     * {@code tilesW + 1} even (odd) columns of every window, and {@link #SPARE}.
     */
    static int splitHalf(int tilesW) {
        return tilesW + SPARE;
    }

    /** The floats {@link #split} needs for a {@code tilesH x tilesW} grid: {@code 2 tilesH + 2} rows of two halves. */
    static int splitSize(int tilesH, int tilesW) {
        return (2 * tilesH + 2) * 2 * splitHalf(tilesW);
    }

    /**
     * Copies the {@code h x w} plane {@code x[at ...]}, seen padded by {@code padH, padW}, into {@code
     * split} with each row's columns apart by parity: padded row {@code yy}, column {@code kk} at
     * {@code split[yy * 2 half + (kk % 2) * half + kk / 2]} ({@code half} from {@link #splitHalf}). Then
     * window element {@code (r, q)} of tile {@code (ty, tx)}, padded pixel {@code (2 ty + r, 2 tx + q)},
     * lies at {@code (2 ty + r) * 2 half + (q % 2) * half + tx + q / 2}: consecutive tiles of a row read
     * consecutive floats. Only the image's pixels are written; the padding is whatever {@code split}
     * held there, so the caller zeroes it once for all the planes of a shape.
     */
    public static void split(float[] x, int at, int h, int w, int padH, int padW, float[] split, int half) {
        for (int y = 0; y < h; y++) {
            splitRow(x, at + y * w, 0, w, padW, split, (y + padH) * 2 * half, half);
        }
    }

    /** Columns {@code from <= k < to} of the row at {@code x[row]} into its two halves at {@code split[at]} ({@link #split}). */
    public static void splitRow(float[] x, int row, int from, int to, int padW, float[] split, int at, int half) {
        for (int k = from; k < to; k++) {
            int kk = k + padW;
            split[at + (kk & 1) * half + (kk >> 1)] = x[row + k];
        }
    }

    /**
     * The tiles of one channel of a {@code tilesH x tilesW} grid read from its {@link #split} copy
     * (halves {@code half} long): element {@code xi} of tile {@code i = ty * tilesW + tx} into {@code v[xi
     * * plane + at + i]}. The same additions in the same order as {@link #transform}, so the same bits:
     * only where the values come from and where they go differ.
     */
    public static void transformPlane(float[] split, int half, int tilesH, int tilesW, float[] v, int plane, int at) {
        int r1 = 2 * half;
        int r2 = 4 * half;
        int r3 = 6 * half;
        for (int ty = 0; ty < tilesH; ty++) {
            for (int tx = 0; tx < tilesW; tx++) {
                int d0 = 2 * ty * r1 + tx; // columns 0 and 2 of the window: even; 1 and 3: odd
                int d1 = d0 + half;
                float e00 = split[d0] - split[d0 + r2];
                float e01 = split[d1] - split[d1 + r2];
                float e02 = split[d0 + 1] - split[d0 + r2 + 1];
                float e03 = split[d1 + 1] - split[d1 + r2 + 1];
                float e10 = split[d0 + r1] + split[d0 + r2];
                float e11 = split[d1 + r1] + split[d1 + r2];
                float e12 = split[d0 + r1 + 1] + split[d0 + r2 + 1];
                float e13 = split[d1 + r1 + 1] + split[d1 + r2 + 1];
                float e20 = split[d0 + r2] - split[d0 + r1];
                float e21 = split[d1 + r2] - split[d1 + r1];
                float e22 = split[d0 + r2 + 1] - split[d0 + r1 + 1];
                float e23 = split[d1 + r2 + 1] - split[d1 + r1 + 1];
                float e30 = split[d0 + r1] - split[d0 + r3];
                float e31 = split[d1 + r1] - split[d1 + r3];
                float e32 = split[d0 + r1 + 1] - split[d0 + r3 + 1];
                float e33 = split[d1 + r1 + 1] - split[d1 + r3 + 1];
                int o = at + ty * tilesW + tx;
                putColumns(v, o, plane, e00, e01, e02, e03);
                putColumns(v, o + 4 * plane, plane, e10, e11, e12, e13);
                putColumns(v, o + 8 * plane, plane, e20, e21, e22, e23);
                putColumns(v, o + 12 * plane, plane, e30, e31, e32, e33);
            }
        }
    }

    /** One combined row's four columns times {@code B}: four elements, {@code plane} apart. */
    private static void putColumns(float[] v, int at, int plane, float f0, float f1, float f2, float f3) {
        v[at] = f0 - f2;
        v[at + plane] = f1 + f2;
        v[at + 2 * plane] = f2 - f1;
        v[at + 3 * plane] = f1 - f3;
    }
}
