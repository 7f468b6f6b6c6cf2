package dev.tauon.core;

import java.util.Arrays;

/**
 * Joining tensors: {@link #concat} along an existing axis, {@link #stack} along a new one. A
 * concatenation viewed as {@code [outer, n, inner]} is, for each outer index, the inputs' blocks of
 * {@code n_i * inner} values one after the other; the backward rule copies the blocks back.
 */
final class ConcatOps {
    private ConcatOps() {}

    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors to concatenate");
        }
        int[] first = parts[0].shape;
        int ax = Shapes.axis("concat", axis, first);
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            int[] s = parts[p].shape;
            boolean fits = s.length == first.length;
            for (int d = 0; fits && d < s.length; d++) {
                fits = d == ax || s[d] == first[d];
            }
            if (!fits) {
                throw new IllegalArgumentException("concat: tensor " + p + " " + Shapes.str(s)
                        + " does not match tensor 0 " + Shapes.str(first) + " in every axis but " + axis);
            }
            total = Math.addExact(total, s[ax]);
        }
        int[] shape = first.clone();
        shape[ax] = total;
        int outer = Shapes.outer(shape, ax);
        int inner = Shapes.inner(shape, ax);
        float[] out = new float[Shapes.size(shape)];
        int row = total * inner;
        int[] offsets = new int[parts.length];
        for (int p = 0, offset = 0; p < parts.length; p++) {
            offsets[p] = offset;
            copyBlocks(parts[p].data, out, outer, parts[p].shape[ax] * inner, row, offset, false);
            offset += parts[p].shape[ax] * inner;
        }
        return Tensor.result(
                out,
                shape,
                "concat",
                g -> {
                    for (int p = 0; p < parts.length; p++) {
                        if (parts[p].requiresGrad) {
                            float[] gp = new float[parts[p].data.length];
                            copyBlocks(gp, g, outer, parts[p].shape[ax] * inner, row, offsets[p], true);
                            parts[p].accumulateOwnedGrad(gp);
                        }
                    }
                },
                parts);
    }

    /** Tensors of one shape joined along a new axis {@code axis} (0 to rank; negative counts from the end). */
    static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors to stack");
        }
        int[] first = parts[0].shape;
        int rank = first.length;
        int ax = axis < 0 ? axis + rank + 1 : axis;
        if (ax < 0 || ax > rank) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of range for stacking tensors of shape "
                    + Shapes.str(first) + " (" + -(rank + 1) + " to " + rank + ")");
        }
        int[] expanded = new int[rank + 1];
        for (int d = 0, j = 0; d <= rank; d++) {
            expanded[d] = d == ax ? 1 : first[j++];
        }
        Tensor[] views = new Tensor[parts.length];
        for (int p = 0; p < parts.length; p++) {
            if (!Arrays.equals(parts[p].shape, first)) {
                throw new IllegalArgumentException("stack: tensor " + p + " " + Shapes.str(parts[p].shape)
                        + " differs in shape from tensor 0 " + Shapes.str(first));
            }
            views[p] = parts[p].reshape(expanded);
        }
        return concat(ax, views);
    }

    /** For each of {@code outer} rows, the part's {@code block} values at {@code offset} of the row of {@code row} values. */
    private static void copyBlocks(
            float[] part, float[] whole, int outer, int block, int row, int offset, boolean back) {
        for (int o = 0; o < outer; o++) {
            if (back) {
                System.arraycopy(whole, o * row + offset, part, o * block, block);
            } else {
                System.arraycopy(part, o * block, whole, o * row + offset, block);
            }
        }
    }
}
