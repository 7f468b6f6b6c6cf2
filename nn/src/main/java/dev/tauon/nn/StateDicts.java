package dev.tauon.nn;

import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.core.io.Excerpt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Comparing and copying state dicts (name to tensor maps, see {@link Module#stateDict()}), shared by
 * {@link Module#loadStateDict}, weight files and checkpoints, so that all three check the same way
 * and word their refusals alike.
 */
public final class StateDicts {
    /** How many differences a message lists before it says how many more there are. */
    public static final int MAX_PROBLEMS_LISTED = 12;

    private StateDicts() {}

    /**
     * Every way {@code given} differs from {@code expected}: names missing from it, names it has
     * that {@code expected} lacks (quoted with {@link Excerpt}, since they usually come from a file),
     * and shape differences, worded as {@code "<name>: <source> has [..], model has [..]"}. Empty
     * when they match exactly.
     */
    public static List<String> differences(Map<String, Tensor> expected, Map<String, Tensor> given, String source) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor found = given.get(e.getKey());
            if (found == null) {
                problems.add(
                        "missing " + e.getKey() + " " + Shapes.str(e.getValue().shape()));
            } else if (!Arrays.equals(found.shape(), e.getValue().shape())) {
                problems.add(e.getKey() + ": " + source + " has " + Shapes.str(found.shape()) + ", model has "
                        + Shapes.str(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : given.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                problems.add("unexpected " + Excerpt.of(e.getKey()) + " "
                        + Shapes.str(e.getValue().shape()));
            }
        }
        return problems;
    }

    /** The first {@link #MAX_PROBLEMS_LISTED} problems joined by {@code "; "}, and how many more there are. */
    public static String describe(List<String> problems) {
        String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED)));
        if (problems.size() > MAX_PROBLEMS_LISTED) {
            listed += "; and " + (problems.size() - MAX_PROBLEMS_LISTED) + " more";
        }
        return listed;
    }

    /** Copies every tensor of {@code source} into the same-named one of {@code target}; check {@link #differences} first. */
    public static void copy(Map<String, Tensor> target, Map<String, Tensor> source) {
        target.forEach((name, t) -> System.arraycopy(source.get(name).data(), 0, t.data(), 0, t.size()));
    }

    /** The number of scalars in {@code tensors}. */
    public static long size(Collection<Tensor> tensors) {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        return n;
    }
}
