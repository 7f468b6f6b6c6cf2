package dev.tauon.nn.layers;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;
import java.util.List;

/**
 * Branches that each get the same input, their outputs joined along axis 1: the channels of NCHW
 * images (as in an Inception block), or the features of {@code [N, F]} rows. The branches are
 * children {@code "0"}, {@code "1"}, ..., so their parameters are {@code "0.weight"}, ...; each is
 * built for the input shape, in order, from the same generator.
 */
public class Concatenate extends Module {
    private final List<Module> branches;

    /** A layer that runs every branch on the same input and concatenates their outputs along the channels. */
    public Concatenate(Module... branches) {
        if (branches.length == 0) {
            throw new IllegalArgumentException("Concatenate: needs at least one branch");
        }
        this.branches = List.of(branches);
        for (int i = 0; i < branches.length; i++) {
            registerModule(Integer.toString(i), branches[i]);
        }
    }

    /** The branches, in order. */
    public List<Module> branches() {
        return branches;
    }

    @Override
    protected void buildParameters(int[] inputShape, Generator init) {
        for (Module b : branches) {
            b.build(init, inputShape);
        }
        outputShape(inputShape); // checks that the branches' outputs can be joined
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] first = null;
        int[] joined = null;
        for (int i = 0; i < branches.size(); i++) {
            int[] s = branches.get(i).outputShape(inputShape);
            if (s.length == 0) {
                throw new IllegalArgumentException(name() + ": branch " + i + " "
                        + branches.get(i).name() + " gives one value per example, with no axis 1 to join along");
            }
            if (first == null) {
                first = s;
                joined = s.clone();
            } else if (sameOutsideChannels(first, s)) {
                joined[0] += s[0];
            } else {
                throw new IllegalArgumentException(name() + ": branch " + i + " "
                        + branches.get(i).name() + " gives "
                        + Summary.tauonShape(s) + ", which does not match branch 0's " + Summary.tauonShape(first)
                        + " outside axis 1");
            }
        }
        return joined;
    }

    private static boolean sameOutsideChannels(int[] a, int[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int d = 1; d < a.length; d++) {
            if (a[d] != b[d]) {
                return false;
            }
        }
        return true;
    }

    /** Runs every branch on {@code x} and joins their outputs along axis 1; builds from this batch if needed. */
    @Override
    public Tensor forward(Tensor x) {
        buildFromBatchIfNeeded(x);
        Tensor[] outputs = new Tensor[branches.size()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = branches.get(i).call(x);
        }
        return Tensor.concat(1, outputs);
    }

    @Override
    public String name() {
        return "Concatenate(" + branches.size() + (branches.size() == 1 ? " branch)" : " branches)");
    }
}
