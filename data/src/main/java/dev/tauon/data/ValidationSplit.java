package dev.tauon.data;

/**
 * A training set divided like Keras' {@code validation_split}: the last {@code fraction} of the
 * records, in their stored order (before any shuffling), is the validation set. With {@code n}
 * records the training part has {@code floor(n * (1 - fraction))}.
 *
 * @param train      the first records
 * @param validation the last records
 */
public record ValidationSplit(RecordSet train, RecordSet validation) {

    /**
     * Splits {@code records}; both parts are views sharing its memory.
     *
     * @throws IllegalArgumentException if {@code fraction} is not in (0, 1) or a part would be empty
     */
    public static ValidationSplit of(RecordSet records, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation split: fraction must be in (0, 1), got " + fraction);
        }
        int n = records.size();
        int splitAt = (int) Math.floor(n * (1.0 - fraction));
        if (splitAt == 0 || splitAt == n) {
            throw new IllegalArgumentException("validation split: " + n + " records cannot be split into non-empty "
                    + "training and validation parts with fraction " + fraction);
        }
        return new ValidationSplit(records.subset(0, splitAt), records.subset(splitAt, n));
    }
}
