package dev.tauon.core.internal.kernel;

import java.lang.reflect.Array;

/** Argument checks shared by the kernels; messages name the kernel and the sizes. */
final class Checks {

    private Checks() {}

    /** {@code array} (a float[] or int[]) is non-null and holds at least {@code needed} elements. */
    static void length(String kernel, String name, Object array, long needed, Object shape) {
        if (array == null) {
            throw new IllegalArgumentException(kernel + ": " + name + " is null for " + shape);
        }
        int length = Array.getLength(array);
        if (length < needed) {
            throw new IllegalArgumentException(
                    kernel + ": " + name + " has " + length + " elements, needs " + needed + " for " + shape);
        }
    }
}
