package dev.tauon.nn.train;

/**
 * The result of {@code evaluate}: means over every example of the source.
 *
 * @param loss     mean loss
 * @param accuracy accuracy (see {@link Accuracy}), NaN when undefined for the output
 * @param examples examples evaluated
 */
public record Evaluation(double loss, double accuracy, long examples) {}
