package dev.tauon.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One training example as rows of an RDD hold it: its features as a flat float array (an image in
 * CHW order, a table row) and its class label.
 *
 * @param features the features, flattened; the shape is given to {@link DistributedDataset}
 * @param label    the class index, at least 0
 */
public record LabeledExample(float[] features, int label) implements Serializable {
    public LabeledExample {
        Objects.requireNonNull(features, "features");
        if (label < 0) {
            throw new IllegalArgumentException("LabeledExample: label must be >= 0, got " + label);
        }
    }
}
