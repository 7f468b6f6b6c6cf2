package dev.tauon.nn.train;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test-time augmentation: predicts from several views of each image and averages the model's
 * outputs (give it the logits, as airbench does; the mean of logits is not the mean of
 * probabilities). The views are the images as they are and, with {@link Builder#flip flip}, their
 * mirror images, each also translated by every {@link Builder#shift shift}, with the uncovered
 * edge filled with a constant per channel or reflected:
 * <pre>{@code
 * TestTimeAugmentation tta = TestTimeAugmentation.builder().translate(1).reflectPadding().build(); // 6 views
 * Tensor logits = tta.logits(model::forwardLogits, images);
 * Evaluation test = tta.evaluate(trainer, testBatches);
 * }</pre>
 * Views the training augmentation also produces (flips, small translations) are ones the model
 * has learnt; averaging evens out its mistakes on any single one. Works on tensors, so it needs
 * no data loader.
 */
public final class TestTimeAugmentation {
    private final boolean flip;
    private final List<int[]> shifts;
    private final float[] fill;

    private TestTimeAugmentation(Builder b) {
        this.flip = b.flip;
        this.shifts = List.copyOf(b.shifts);
        this.fill = b.fill == null ? null : b.fill.clone();
    }

    /** A builder; defaults: the image and its mirror image, no shifts, zero fill. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of views averaged per image: (1 + shifts), twice with flip. */
    public int views() {
        return (flip ? 2 : 1) * (1 + shifts.size());
    }

    /** The mean of {@code model}'s outputs over the views of {@code images} [N, C, H, W]. */
    public Tensor logits(UnaryOperator<Tensor> model, Tensor images) {
        return logits(model, images, model.apply(images));
    }

    /**
     * The same, given the model's output for the images as they are ({@code own}, the first view),
     * for a caller that has computed it already. The views are summed in a fixed order: the images
     * unshifted, then shifted by each shift in the order added, then the same for the mirror images.
     */
    public Tensor logits(UnaryOperator<Tensor> model, Tensor images, Tensor own) {
        Tensor sum = own;
        for (Tensor oriented : flip ? new Tensor[] {images, ImageViews.flip(images)} : new Tensor[] {images}) {
            if (oriented != images) {
                sum = sum.add(model.apply(oriented));
            }
            for (int[] d : shifts) {
                sum = sum.add(model.apply(shift(oriented, d[0], d[1])));
            }
        }
        return sum.mul(1f / views());
    }

    /**
     * Mean loss and accuracy of {@code trainer}'s model over {@code batches} with each image's
     * output averaged over its views: {@link Trainer#evaluate} with test-time augmentation (the
     * loss gets the averaged output, the logits for a softmax model and a logits loss).
     */
    public Evaluation evaluate(Trainer trainer, Iterable<Batch> batches) {
        return trainer.evaluate(batches, images -> logits(trainer::lossInput, images));
    }

    private Tensor shift(Tensor images, int dy, int dx) {
        if (fill == null) {
            return ImageViews.shiftReflect(images, dy, dx);
        }
        int channels = images.dim(1);
        float[] perChannel = fill;
        if (fill.length == 1 && channels != 1) {
            perChannel = new float[channels];
            Arrays.fill(perChannel, fill[0]);
        }
        return ImageViews.shift(images, dy, dx, perChannel);
    }

    /** Options of a {@link TestTimeAugmentation}. */
    public static final class Builder {
        private boolean flip = true;
        private final List<int[]> shifts = new ArrayList<>();
        private float[] fill = {0f};

        private Builder() {}

        /** Also average over the mirror images (default on). */
        public Builder flip(boolean on) {
            flip = on;
            return this;
        }

        /** Adds the view shifted so that its pixel (y, x) is the image's (y + dy, x + dx); (0, 0) is always a view. */
        public Builder shift(int dy, int dx) {
            if (dy == 0 && dx == 0) {
                throw new IllegalArgumentException(
                        "test-time augmentation: shift (0, 0) is the unshifted view," + " which is always included");
            }
            shifts.add(new int[] {dy, dx});
            return this;
        }

        /** Adds the shifts (k, k) and (-k, -k): the diagonal translations of airbench's test-time augmentation. */
        public Builder translate(int k) {
            return shift(k, k).shift(-k, -k);
        }

        /**
         * Fills the edge that a shift uncovers with {@code value[c]} in channel c, or with one value
         * in every channel (default 0). To match a training crop that pads with black before
         * normalising, pass each channel's normalised black.
         */
        public Builder fill(float... value) {
            if (value.length == 0) {
                throw new IllegalArgumentException("test-time augmentation: fill needs one value, or one per channel");
            }
            fill = value.clone();
            return this;
        }

        /** Reflects the image into the edge that a shift uncovers instead of filling it, as airbench does. */
        public Builder reflectPadding() {
            fill = null;
            return this;
        }

        /** The test-time augmentation with the views set so far. */
        public TestTimeAugmentation build() {
            return new TestTimeAugmentation(this);
        }
    }
}
