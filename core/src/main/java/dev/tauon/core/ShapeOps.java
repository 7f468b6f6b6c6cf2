package dev.tauon.core;

import java.util.Arrays;

/** Ops that change only the shape or the order of the elements. */
final class ShapeOps {
    private ShapeOps() {}

    /** A view: the data is contiguous, so any shape of the same size can share it. */
    static Tensor reshape(Tensor a, int... newShape) {
        int[] shape = newShape.clone();
        int inferred = -1;
        int known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: " + Shapes.str(a.shape) + " -> " + Shapes.str(newShape)
                            + ": only one dimension can be -1");
                }
                inferred = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: " + Shapes.str(a.shape) + " -> " + Shapes.str(newShape)
                        + ": negative dimension " + shape[i]);
            } else {
                known *= shape[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || a.data.length % known != 0) {
                throw new IllegalArgumentException("reshape: " + Shapes.str(a.shape) + " -> " + Shapes.str(newShape)
                        + ": " + a.data.length + " elements cannot be split that way");
            }
            shape[inferred] = a.data.length / known;
        }
        if (Shapes.size(shape) != a.data.length) {
            throw new IllegalArgumentException("reshape: " + Shapes.str(a.shape) + " -> " + Shapes.str(newShape) + ": "
                    + a.data.length + " elements do not fit " + Shapes.size(shape));
        }
        return Tensor.result(a.data, shape, "reshape", a::accumulateGrad, a);
    }

    static Tensor flatten(Tensor a, int startDim) {
        if (a.shape.length == 0) {
            return reshape(a, 1);
        }
        int start = Shapes.axis("flatten", startDim, a.shape);
        int[] shape = new int[start + 1];
        System.arraycopy(a.shape, 0, shape, 0, start);
        shape[start] = Shapes.inner(a.shape, start - 1); // product of dimensions start..end
        return reshape(a, shape);
    }

    static Tensor transpose(Tensor a, int dim0, int dim1) {
        int d0 = Shapes.axis("transpose", dim0, a.shape);
        int d1 = Shapes.axis("transpose", dim1, a.shape);
        int[] order = new int[a.shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[d0] = d1;
        order[d1] = d0;
        return permute(a, order);
    }

    static Tensor permute(Tensor a, int... order) {
        int rank = a.shape.length;
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " entries for shape " + Shapes.str(a.shape));
        }
        boolean[] used = new boolean[rank];
        for (int d : order) {
            if (d < 0 || d >= rank || used[d]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order)
                        + " is not a permutation of the " + rank + " dimensions of " + Shapes.str(a.shape));
            }
            used[d] = true;
        }
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = a.shape[order[i]];
        }
        float[] out = gather(a.data, a.shape, order);
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[order[i]] = i;
        }
        return Tensor.result(out, shape, "permute", g -> a.accumulateOwnedGrad(gather(g, shape, inverse)), a);
    }

    /** Copies {@code x} (shaped {@code shape}) into the row-major order of the permuted shape. */
    private static float[] gather(float[] x, int[] shape, int[] order) {
        int rank = shape.length;
        int[] inStrides = Shapes.strides(shape);
        int[] stride = new int[rank];
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            stride[i] = inStrides[order[i]];
            outShape[i] = shape[order[i]];
        }
        float[] out = new float[x.length];
        int[] idx = new int[rank];
        int src = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = x[src];
            for (int d = rank - 1; d >= 0; d--) {
                src += stride[d];
                if (++idx[d] < outShape[d]) {
                    break;
                }
                src -= stride[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return out;
    }
}
