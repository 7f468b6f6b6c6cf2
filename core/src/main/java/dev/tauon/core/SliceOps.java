package dev.tauon.core;

import java.util.Arrays;

/**
 * Slicing and padding. Both copy each output element from an input position chosen axis by axis,
 * by a map from output to input coordinates ({@code -1}: no input, a zero); the backward rule sends
 * each output's gradient back along the same maps, adding where reflection reads a value twice.
 */
final class SliceOps {
    private SliceOps() {}

    /** Elements {@code start} to {@code end - 1} along {@code axis}, as {@code x[..., start:end, ...]}; a copy. */
    static Tensor slice(Tensor a, int axis, int start, int end) {
        int ax = Shapes.axis("slice", axis, a.shape);
        int n = a.shape[ax];
        if (start < 0 || start > end || end > n) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") of axis " + axis
                    + " of shape " + Shapes.str(a.shape) + " must satisfy 0 <= start <= end <= " + n);
        }
        int[][] maps = identityMaps(a.shape);
        maps[ax] = new int[end - start];
        for (int i = 0; i < end - start; i++) {
            maps[ax][i] = start + i;
        }
        return remap("slice", a, maps);
    }

    /**
     * Pads the trailing axes, with {@code padding} in PyTorch's {@code F.pad} order: (before, after)
     * of the last axis, then of the one before it, and so on.
     */
    static Tensor pad(Tensor a, PadMode mode, int... padding) {
        String where = "pad: padding " + Arrays.toString(padding) + " of shape " + Shapes.str(a.shape);
        if (padding.length % 2 != 0 || padding.length / 2 > a.shape.length) {
            throw new IllegalArgumentException(
                    where + ": need (before, after) pairs, at most one per axis (" + a.shape.length + ")");
        }
        int[][] maps = identityMaps(a.shape);
        for (int p = 0; p < padding.length / 2; p++) {
            int ax = a.shape.length - 1 - p;
            int n = a.shape[ax];
            int before = padding[2 * p];
            int after = padding[2 * p + 1];
            if (before < 0 || after < 0) {
                throw new IllegalArgumentException(where + ": padding must be >= 0 (to crop, use slice)");
            }
            if (mode == PadMode.REFLECT && (before >= n || after >= n)) {
                throw new IllegalArgumentException(
                        where + ": reflect padding of axis " + ax + " must be smaller than" + " its size " + n);
            }
            maps[ax] = new int[before + n + after];
            for (int o = 0; o < maps[ax].length; o++) {
                int i = o - before;
                if (i < 0 || i >= n) {
                    i = mode == PadMode.ZERO ? -1 : i < 0 ? -i : 2 * (n - 1) - i;
                }
                maps[ax][o] = i;
            }
        }
        return remap("pad", a, maps);
    }

    private static int[][] identityMaps(int[] shape) {
        int[][] maps = new int[shape.length][];
        for (int d = 0; d < shape.length; d++) {
            maps[d] = new int[shape[d]];
            for (int i = 0; i < shape[d]; i++) {
                maps[d][i] = i;
            }
        }
        return maps;
    }

    /** The tensor whose element at {@code (o_0, ..., o_r)} is the input's at {@code (maps[0][o_0], ..., maps[r][o_r])}. */
    private static Tensor remap(String op, Tensor a, int[][] maps) {
        int[] shape = new int[maps.length];
        for (int d = 0; d < maps.length; d++) {
            shape[d] = maps[d].length;
        }
        float[] out = new float[Shapes.size(shape)];
        copy(a.data, a.shape, out, maps, false);
        return Tensor.result(
                out,
                shape,
                op,
                g -> {
                    float[] ga = new float[a.data.length];
                    copy(ga, a.shape, g, maps, true);
                    a.accumulateOwnedGrad(ga);
                },
                a);
    }

    /**
     * Walks the output row by row (a row runs along the last axis): forward copies input to output,
     * backward ({@code back}) adds output back into input.
     */
    private static void copy(float[] in, int[] inShape, float[] out, int[][] maps, boolean back) {
        int rank = maps.length;
        if (rank == 0) { // a scalar, padded by nothing
            in[0] = back ? in[0] + out[0] : in[0];
            out[0] = back ? out[0] : in[0];
            return;
        }
        if (out.length == 0) {
            return;
        }
        int[] strides = Shapes.strides(inShape);
        int[] last = maps[rank - 1];
        int[] idx = new int[rank];
        for (int o = 0; o < out.length; o += last.length) {
            int base = 0;
            for (int d = 0; d < rank - 1 && base >= 0; d++) {
                int i = maps[d][idx[d]];
                base = i < 0 ? -1 : base + i * strides[d];
            }
            if (base >= 0) {
                for (int j = 0; j < last.length; j++) {
                    int i = last[j];
                    if (i < 0) {
                        continue;
                    }
                    if (back) {
                        in[base + i] += out[o + j];
                    } else {
                        out[o + j] = in[base + i];
                    }
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < maps[d].length) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }
}
