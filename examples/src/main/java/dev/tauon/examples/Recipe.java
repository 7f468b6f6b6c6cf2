package dev.tauon.examples;

import dev.tauon.core.Tensor;
import dev.tauon.data.Augmentation;
import dev.tauon.data.Dataset;
import dev.tauon.data.Normalization;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.LearningRateSchedule;
import dev.tauon.nn.optim.Optimizer;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.TestTimeAugmentation;
import dev.tauon.nn.train.Trainer;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The training recipes the CIFAR-10 example knows. The reference and improved recipes train the
 * article's network and differ in what they do around it; airbench trains its own network.
 */
public enum Recipe {
    /** The reference article's run: pixels / 255, Adam 1e-3 at a constant rate, batch 64, no augmentation. */
    REFERENCE(64, Augmentation.NONE, false),
    /**
     * What Tauon offers beyond the reference: per-channel normalisation, random flips and crops
     * (padding 2), a cosine learning-rate schedule, decoupled weight decay, label smoothing 0.1,
     * batch 32, and test predictions averaged over six views of each image
     * ({@link #testViews}). Augmented, this small network underfits in 10 epochs, so the
     * milder crop (padding 4 measured 1.2 points worse) and twice the updates per epoch are what
     * pay; docs/performance.md has the runs.
     */
    IMPROVED(32, Augmentation.flipAndCrop(2), true),
    /**
     * The airbench94 recipe ({@link AirbenchModel}, {@link AirbenchRecipe}): a whitened, batch-normalised
     * GELU network trained by Nesterov SGD with a per-step triangle schedule, label smoothing 0.2,
     * airbench's alternating flip and translations of up to 2 pixels with reflect padding, on all
     * 50,000 training images; test predictions average six views. Batch 256 rather than airbench's
     * 1024 (with the rate converted), so the process stays under 2 GB: at batch 512 the activations
     * alone outgrew a 1.5 GB heap.
     */
    AIRBENCH(256, Augmentation.flipAndCrop(2).withReflectPadding().withAlternatingFlip(), true);

    /** Learning-rate floor of the improved recipe's cosine schedule, as a fraction of the initial rate. */
    private static final float MIN_LR_FRACTION = 0.05f;

    private static final float WEIGHT_DECAY = 5e-4f;
    private static final float LABEL_SMOOTHING = 0.1f;

    private final int defaultBatchSize;
    private final Augmentation augmentation;
    private final boolean augmentedTest;

    Recipe(int defaultBatchSize, Augmentation augmentation, boolean augmentedTest) {
        this.defaultBatchSize = defaultBatchSize;
        this.augmentation = augmentation;
        this.augmentedTest = augmentedTest;
    }

    /** The batch size when {@code --batch-size} is not given. */
    public int defaultBatchSize() {
        return defaultBatchSize;
    }

    /** Random transforms of the training images. */
    public Augmentation augmentation() {
        return augmentation;
    }

    /** The learning rate when {@code --lr} is not given. */
    public float defaultLearningRate(int batchSize) {
        return this == AIRBENCH ? AirbenchRecipe.learningRate(batchSize) : 0.001f;
    }

    /** The validation fraction when {@code --val-split} is not given. */
    public double defaultValSplit() {
        return this == AIRBENCH ? 0 : 0.2;
    }

    /** Whether the test predictions average the logits of several views of each image. */
    public boolean augmentedTest() {
        return augmentedTest;
    }

    /**
     * The views the test predictions average the logits of when {@link #augmentedTest()}: each
     * image and its mirror image, each as it is and shifted one pixel down-right and one pixel
     * up-left, the uncovered edge filled with {@code blackPixel} (each channel of a black pixel after
     * normalisation, what the training crops pad with). These are views the training augmentation
     * also produces, so the model has learnt them.
     */
    public static TestTimeAugmentation testViews(float[] blackPixel) {
        return TestTimeAugmentation.builder()
                .shift(1, 1)
                .shift(-1, -1)
                .fill(blackPixel)
                .build();
    }

    /**
     * This recipe's test views: {@link #testViews}, or for airbench its own six views and weights
     * ({@link TestTimeAugmentation#mirrorTranslate}: the unshifted pair weighs half, and the
     * translations are reflect-padded as its training crops are).
     */
    public TestTimeAugmentation views(float[] blackPixel) {
        return this == AIRBENCH ? TestTimeAugmentation.mirrorTranslate(1) : testViews(blackPixel);
    }

    /** Pixel scaling: / 255 for the reference, else each channel's mean and deviation over {@code train}. */
    public Normalization normalization(Dataset train) {
        return this == REFERENCE ? Normalization.none() : Normalization.compute(train);
    }

    /** The training loss; its value is also what validation and test report, as in Keras. */
    public Loss loss() {
        return switch (this) {
            case REFERENCE -> Loss.crossEntropy();
            case IMPROVED -> Loss.crossEntropy(LABEL_SMOOTHING);
            case AIRBENCH -> Loss.crossEntropy(AirbenchRecipe.LABEL_SMOOTHING);
        };
    }

    /**
     * The network for this recipe from {@code seed}, with {@code classes} outputs; airbench's first layer is computed from
     * {@code whiteningImages} (normalised training images), which the other recipes ignore.
     */
    public Sequential model(long seed, int classes, Supplier<Tensor> whiteningImages) {
        return this == AIRBENCH
                ? AirbenchModel.create(seed, classes, whiteningImages.get())
                : Cifar10Model.create(seed, classes);
    }

    /**
     * The optimiser for {@code model}, with the recipe's schedule and other training options set on
     * {@code fit}, for {@code epochs} epochs of {@code stepsPerEpoch} steps from {@code learningRate}.
     */
    public Optimizer optimizer(Module model, FitOptions fit, float learningRate, int epochs, long stepsPerEpoch) {
        switch (this) {
            case AIRBENCH:
                return AirbenchRecipe.optimizer(model, fit, learningRate, epochs * stepsPerEpoch);
            case IMPROVED:
                fit.schedule(LearningRateSchedule.cosine(learningRate, learningRate * MIN_LR_FRACTION, epochs));
                return new Adam(model, learningRate).weightDecay(WEIGHT_DECAY);
            default:
                return new Adam(model, learningRate);
        }
    }

    /**
     * Attaches to {@code trainer} what this recipe trains with besides its optimiser, for a run of
     * {@code epochs} epochs of {@code stepsPerEpoch} steps of {@code batchSize}: airbench's
     * {@link AirbenchRecipe#lookahead Lookahead}; nothing for the others.
     */
    public void attachTo(Trainer trainer, int batchSize, int epochs, long stepsPerEpoch) {
        if (this == AIRBENCH) {
            AirbenchRecipe.lookahead(trainer, batchSize, epochs * stepsPerEpoch);
        }
    }

    /** The name as the command line spells it. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
