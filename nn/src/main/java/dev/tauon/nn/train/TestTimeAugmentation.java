package dev.tauon.nn.train;

import dev.tauon.core.Batch;
import dev.tauon.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * A builder's views weigh the same. {@link #weighted} averages any views with weights of their
 * own, and {@link #mirrorTranslate} is airbench94's weighting of six views:
 * <pre>{@code
 * TestTimeAugmentation airbench = TestTimeAugmentation.mirrorTranslate(1); // 1/4, 1/4, then 1/8 x 4
 * }</pre>
 * Views the training augmentation also produces (flips, small translations) are ones the model
 * has learnt; averaging evens out its mistakes on any single one. Works on tensors, so it needs
 * no data loader.
 */
public final class TestTimeAugmentation {
    /** The transform of the view that is the image as it is; {@link #logits(UnaryOperator, Tensor, Tensor)} reuses its output. */
    private static final UnaryOperator<Tensor> ORIGINAL = images -> images;

    private final List<UnaryOperator<Tensor>> transforms;
    /** Each view's share of the average, or null for equal shares (summed, then divided by the count). */
    private final float[] weights;

    private TestTimeAugmentation(List<UnaryOperator<Tensor>> transforms, float[] weights) {
        this.transforms = List.copyOf(transforms);
        this.weights = weights;
    }

    /**
     * One view of a {@linkplain #weighted weighted} test-time augmentation: what it does to a batch
     * of images [N, C, H, W] (returning a new tensor of the same shape), and its weight.
     *
     * @param weight    its weight in the average, finite and greater than 0
     * @param transform the view of a batch of images; {@link #original} for the images as they are
     */
    public record View(float weight, UnaryOperator<Tensor> transform) {
        /** Checks the weight and the transform. */
        public View {
            if (!(weight > 0) || Float.isInfinite(weight)) {
                throw new IllegalArgumentException(
                        "test-time augmentation: a view's weight must be finite and > 0, got " + weight);
            }
            Objects.requireNonNull(transform, "transform");
        }

        /** The images as they are, with this weight: the view whose output a caller may pass in precomputed. */
        public static View original(float weight) {
            return new View(weight, ORIGINAL);
        }
    }

    /** A builder; defaults: the image and its mirror image, no shifts, zero fill, equal weights. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The weighted mean of the outputs over {@code views}: {@code sum(w_i * output(view_i)) / sum(w_i)},
     * added up in the order given. With weights that are powers of two summing to 1 (as airbench's)
     * every product is exact.
     */
    public static TestTimeAugmentation weighted(List<View> views) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("test-time augmentation: needs at least one view");
        }
        double total = 0;
        for (View v : views) {
            total += v.weight();
        }
        float[] shares = new float[views.size()];
        List<UnaryOperator<Tensor>> transforms = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            shares[i] = (float) (views.get(i).weight() / total);
            transforms.add(views.get(i).transform());
        }
        return new TestTimeAugmentation(transforms, shares);
    }

    /**
     * airbench94's test-time augmentation ({@code tta_level=2}, K. Jordan, arXiv 2404.00498): half
     * the weight to the image and its mirror image (1/4 each), half to the image translated by
     * {@code (-k, -k)} and by {@code (k, k)} with reflect padding and the mirror image of each of those
     * (1/8 each). The views, in order: the image, its mirror, the {@code (-k, -k)} view and its mirror,
     * the {@code (k, k)} view and its mirror. A mirrored translated view is the mirror of the
     * translated image, as airbench flips after translating (which is the mirror image translated by
     * {@code (-k, k)} and {@code (k, -k)}: not the views {@code builder().translate(k)} makes).
     */
    public static TestTimeAugmentation mirrorTranslate(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("test-time augmentation: mirrorTranslate needs k >= 1, got " + k);
        }
        List<View> views = new ArrayList<>();
        views.add(View.original(0.25f));
        views.add(new View(0.25f, ImageViews::flip));
        for (int d : new int[] {-k, k}) {
            views.add(new View(0.125f, images -> ImageViews.shiftReflect(images, d, d)));
            views.add(new View(0.125f, images -> ImageViews.flip(ImageViews.shiftReflect(images, d, d))));
        }
        return weighted(views);
    }

    /** The number of views averaged per image. */
    public int views() {
        return transforms.size();
    }

    /**
     * Each view's share of the average, in the order the views are summed; the shares add up to 1
     * (within rounding).
     */
    public float[] weights() {
        if (weights != null) {
            return weights.clone();
        }
        float[] equal = new float[transforms.size()];
        Arrays.fill(equal, 1f / equal.length);
        return equal;
    }

    /** The (weighted) mean of {@code model}'s outputs over the views of {@code images} [N, C, H, W]. */
    public Tensor logits(UnaryOperator<Tensor> model, Tensor images) {
        return combine(model, images, null);
    }

    /**
     * The same, given the model's output for the images as they are ({@code own}), for a caller that
     * has computed it already: it serves as the output of the view of the images as they are (the
     * first view of a {@link #builder()}, {@link View#original} of {@link #weighted}), if there is
     * one. The views are summed in a fixed order: for a builder's, the images unshifted, then shifted
     * by each shift in the order added, then the same for the mirror images.
     */
    public Tensor logits(UnaryOperator<Tensor> model, Tensor images, Tensor own) {
        return combine(model, images, Objects.requireNonNull(own, "own"));
    }

    private Tensor combine(UnaryOperator<Tensor> model, Tensor images, Tensor own) {
        Tensor sum = null;
        for (int i = 0; i < transforms.size(); i++) {
            UnaryOperator<Tensor> t = transforms.get(i);
            Tensor out = t == ORIGINAL ? (own != null ? own : model.apply(images)) : model.apply(t.apply(images));
            Tensor term = weights == null ? out : out.mul(weights[i]);
            sum = sum == null ? term : sum.add(term);
        }
        return weights == null ? sum.mul(1f / transforms.size()) : sum;
    }

    /**
     * Mean loss and accuracy of {@code trainer}'s model over {@code batches} with each image's
     * output averaged over its views: {@link Trainer#evaluate} with test-time augmentation (the
     * loss gets the averaged output, the logits for a softmax model and a logits loss).
     */
    public Evaluation evaluate(Trainer trainer, Iterable<Batch> batches) {
        return trainer.evaluate(batches, images -> logits(trainer::lossInput, images));
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
            List<UnaryOperator<Tensor>> views = new ArrayList<>();
            float[] edge = fill == null ? null : fill.clone();
            for (boolean mirrored : flip ? new boolean[] {false, true} : new boolean[] {false}) {
                UnaryOperator<Tensor> orient = mirrored ? ImageViews::flip : ORIGINAL;
                views.add(orient);
                for (int[] d : shifts) {
                    views.add(images -> shift(orient.apply(images), d[0], d[1], edge));
                }
            }
            return new TestTimeAugmentation(views, null);
        }

        private static Tensor shift(Tensor images, int dy, int dx, float[] fill) {
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
    }
}
