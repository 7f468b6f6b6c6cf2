package dev.tauon.examples;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.init.Initializer;
import dev.tauon.nn.init.PatchWhitening;
import dev.tauon.nn.layers.BatchNorm;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.Rescaling;

/**
 * The network of the airbench94 recipe (K. Jordan, "94% on CIFAR-10 in 3.29 Seconds on a Single
 * GPU", arXiv 2404.00498), written with Tauon's layers: a 2x2 convolution whose 24 filters whiten
 * the training images' patches (12 directions and their negatives, frozen), GELU, three groups of
 * [conv 3x3 same -> max pool 2 -> BatchNorm -> GELU -> conv 3x3 same -> BatchNorm -> GELU] of
 * widths 64, 256 and 256, a 3x3 max pool over what is left (3x3 -> 1x1), and a linear head whose
 * logits are scaled by 1/9.
 *
 * <p>As in the paper: the 3x3 convolutions have no bias and start with their first filters as
 * identities (Dirac), the rest drawn as PyTorch draws them; BatchNorm keeps its scale at 1 and
 * learns its shift, with running statistics that give the new batch a weight of 0.4 (airbench's
 * momentum 0.6 counts the old value) and epsilon 1e-12; the whitening filters come from the
 * images' 2x2 patches with epsilon 5e-4 on each eigenvalue, and the whitening layer's bias is
 * learnt (the recipe freezes it after a few epochs).
 */
public final class AirbenchModel {
    /** Output channels of the three groups. */
    static final int[] WIDTHS = {64, 256, 256};

    static final float BATCHNORM_MOMENTUM = 0.4f;
    static final float BATCHNORM_EPSILON = 1e-12f;
    static final float LOGIT_SCALE = 1f / 9;
    static final double WHITENING_EPSILON = 5e-4;
    /** Child index of the whitening convolution in the model. */
    static final int WHITENING_LAYER = 0;

    private AirbenchModel() {}

    /**
     * The network for 3x32x32 images and {@code classes} classes, weights drawn from {@code seed}, whitening filters from
     * {@code whiteningImages} (NCHW, normalised as the network will see them; a few thousand
     * training images are plenty).
     */
    public static Sequential create(long seed, int classes, Tensor whiteningImages) {
        Conv2D whiten = (Conv2D) new Conv2D(2 * 3 * 2 * 2, 2)
                .kernelInitializer(Initializer.uniformFanIn())
                .biasInitializer(Initializer.uniformFanIn());
        Sequential model = new Sequential(
                        whiten,
                        new GELU(),
                        group(WIDTHS[0]),
                        group(WIDTHS[1]),
                        group(WIDTHS[2]),
                        new MaxPool2D(3),
                        new Flatten(),
                        new Dense(classes).useBias(false).kernelInitializer(Initializer.uniformFanIn()),
                        new Rescaling(LOGIT_SCALE))
                .build(new Generator(seed), 3, 32, 32);
        Tensor filters = PatchWhitening.filtersAndNegatives(whiteningImages, 2, 2, WHITENING_EPSILON);
        System.arraycopy(filters.data(), 0, whiten.weight().data(), 0, filters.size());
        whiten.weight().requiresGrad(false);
        return model;
    }

    private static Sequential group(int width) {
        return new Sequential(
                conv(width), new MaxPool2D(2), batchNorm(), new GELU(), conv(width), batchNorm(), new GELU());
    }

    private static Conv2D conv(int width) {
        return (Conv2D) new Conv2D(width, 3)
                .padding(Padding.SAME)
                .useBias(false)
                .kernelInitializer(Initializer.partialDirac(Initializer.uniformFanIn()));
    }

    private static BatchNorm batchNorm() {
        return new BatchNorm2D()
                .momentum(BATCHNORM_MOMENTUM)
                .epsilon(BATCHNORM_EPSILON)
                .freezeScale();
    }
}
