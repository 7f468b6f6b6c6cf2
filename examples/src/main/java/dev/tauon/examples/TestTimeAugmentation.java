package dev.tauon.examples;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;

/**
 * Predicts from several views of each image and averages the logits: the image and its mirror
 * image, each as it is and shifted one pixel down-right and one pixel up-left. These are views
 * the training augmentation (flips, crops of the padded image) also produces, so the model has
 * learnt them; averaging evens out its mistakes on any single one.
 */
final class TestTimeAugmentation {
    private static final int[][] SHIFTS = {{0, 0}, {1, 1}, {-1, -1}};

    private final float[] fill;

    /** {@code fill[c]}: channel c of a black pixel after normalisation, what the training crops pad with. */
    TestTimeAugmentation(float[] fill) {
        this.fill = fill.clone();
    }

    /** The number of views averaged per image. */
    static int views() {
        return 2 * SHIFTS.length;
    }

    /** The mean of the model's logits over the views of {@code images}. */
    Tensor logits(Module model, Tensor images) {
        return logits(model, images, model.forwardLogits(images));
    }

    /** The same, given the logits of the images as they are ({@code own}), which are the first view. */
    Tensor logits(Module model, Tensor images, Tensor own) {
        Tensor sum = null;
        for (Tensor oriented : new Tensor[] {images, ImageViews.flip(images)}) {
            for (int[] d : SHIFTS) {
                boolean unshifted = d[0] == 0 && d[1] == 0;
                Tensor z = unshifted && oriented == images ? own
                        : model.forwardLogits(unshifted ? oriented : ImageViews.shift(oriented, d[0], d[1], fill));
                sum = sum == null ? z : sum.add(z);
            }
        }
        return sum.mul(1f / views());
    }
}
