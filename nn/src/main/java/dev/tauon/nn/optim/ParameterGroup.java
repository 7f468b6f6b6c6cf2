package dev.tauon.nn.optim;

import dev.tauon.core.Tensor;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A rule that gives some of an optimiser's parameters their own learning rate and weight decay,
 * like a PyTorch parameter group: {@code optimizer.group(ParameterGroup.oneDimensional().weightDecay(0))}
 * is the usual "no weight decay on biases and normalisation parameters".
 *
 * <p>A group selects parameters by name and tensor when the optimiser first sees its parameters.
 * Its learning rate is a <em>scale</em> of the optimiser's learning rate, so that a schedule that
 * sets {@link Optimizer#setLearningRate} moves every group together (where PyTorch sets each
 * group's rate, and its schedulers scale each one). Its weight decay replaces the optimiser's, in
 * the optimiser's own form (L2 or decoupled). A group is immutable: its setters return a new
 * one, so the settings come from the code that builds the optimiser and a resumed
 * run rebuilds them as they were.
 */
public final class ParameterGroup {
    private final String selection;
    private final BiPredicate<String, Tensor> selects;
    private final float learningRateScale;
    private final float weightDecay; // NaN: the optimiser's

    private ParameterGroup(
            String selection, BiPredicate<String, Tensor> selects, float learningRateScale, float weightDecay) {
        this.selection = selection;
        this.selects = selects;
        this.learningRateScale = learningRateScale;
        this.weightDecay = weightDecay;
    }

    /** The parameters for which {@code selects(name, tensor)} is true. */
    public static ParameterGroup where(BiPredicate<String, Tensor> selects) {
        return new ParameterGroup("where(...)", Objects.requireNonNull(selects, "selects"), 1f, Float.NaN);
    }

    /** The parameters whose dotted name (such as {@code "3.bias"}) passes {@code names}. */
    public static ParameterGroup named(Predicate<String> names) {
        Objects.requireNonNull(names, "names");
        return new ParameterGroup("named(...)", (name, tensor) -> names.test(name), 1f, Float.NaN);
    }

    /**
     * The parameters of rank 0 or 1: biases, and the scales and shifts of normalisation layers. This
     * is the usual set to exempt from weight decay (timm's rule); weight matrices and convolution
     * kernels, of rank 2 and more, are left out.
     */
    public static ParameterGroup oneDimensional() {
        return new ParameterGroup("oneDimensional()", (name, tensor) -> tensor.rank() <= 1, 1f, Float.NaN);
    }

    /** The same group, its learning rate {@code scale} times the optimiser's (default 1). */
    public ParameterGroup learningRateScale(float scale) {
        return new ParameterGroup(selection, selects, finiteNonNegative("learning-rate scale", scale), weightDecay);
    }

    /** The same group with weight decay {@code wd} instead of the optimiser's. */
    public ParameterGroup weightDecay(float wd) {
        return new ParameterGroup(selection, selects, learningRateScale, finiteNonNegative("weight decay", wd));
    }

    /** Whether the group takes the parameter {@code name}. */
    public boolean selects(String name, Tensor parameter) {
        return selects.test(name, parameter);
    }

    /** The factor on the optimiser's learning rate. */
    public float learningRateScale() {
        return learningRateScale;
    }

    /** Whether the group sets a weight decay of its own, rather than keeping the optimiser's. */
    public boolean hasWeightDecay() {
        return !Float.isNaN(weightDecay);
    }

    /** The group's own weight decay; only meaningful when {@link #hasWeightDecay()}. */
    public float weightDecay() {
        return weightDecay;
    }

    private static float finiteNonNegative(String what, float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("ParameterGroup: " + what + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "ParameterGroup.%s (learning-rate scale %s, weight decay %s)",
                selection,
                learningRateScale,
                hasWeightDecay() ? Float.toString(weightDecay) : "the optimizer's");
    }
}
