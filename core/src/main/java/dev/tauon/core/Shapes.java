package dev.tauon.core;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: sizes, strides, broadcasting, and shapes in error messages. */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of a shape; throws on negative dimensions or overflow. */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + str(shape) + ": negative dimension " + d);
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + ": more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor with this shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** The shape as {@code [2, 3]}, the form every error message uses. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * The NumPy broadcast of two shapes: aligned at the right, each pair of dimensions equal or one
     * of them 1.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Resolves a possibly negative axis ({@code -1} is the last) against a rank. */
    public static int axis(String op, int axis, int[] shape) {
        int r = shape.length;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + str(shape));
        }
        return a;
    }

    /** Product of the dimensions before {@code axis}. */
    static int outer(int[] shape, int axis) {
        return product(shape, 0, axis);
    }

    /** Product of the dimensions after {@code axis}. */
    static int inner(int[] shape, int axis) {
        return product(shape, axis + 1, shape.length);
    }

    /**
     * Product of {@code shape[from : to]}. It can exceed the tensor's size, and an int, when another
     * dimension is 0 (a [0, 65537, 65537] tensor is empty), so it is checked here.
     */
    private static int product(int[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + ": dimensions " + from + " to " + (to - 1)
                        + " hold more than 2^31-1 elements");
            }
        }
        return (int) n;
    }
}
