package dev.tauon.examples;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.layers.BatchNorm;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.optim.ParameterGroup;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.optim.StepSchedule;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.Lookahead;
import dev.tauon.nn.train.Trainer;
import dev.tauon.nn.train.TrainingListener;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The training side of the airbench94 recipe (K. Jordan, arXiv 2404.00498) for {@link AirbenchModel},
 * its hyper-parameters converted from PyTorch's summed loss to Tauon's mean loss.
 *
 * <p>airbench sums the loss over a batch and runs PyTorch SGD at {@code lr = 11.5 / k} per example,
 * with {@code k = 1024 * (1 + 1 / (1 - momentum))}, Nesterov momentum 0.85, L2 weight decay
 * {@code 0.0153 * batch / 11.5} on that summed gradient, and 64 times the rate (and 1/64 of the decay)
 * for BatchNorm shifts. With a mean loss the gradient is {@code 1 / batch} of that, so the same
 * updates need a rate {@code batch} times larger ({@link #learningRate}) and an L2 coefficient
 * {@code batch} times smaller: {@code 0.0153 / 11.5}, whatever the batch. The rate follows
 * airbench's triangle per step: from 0.2 of it up to all of it at 23% of the steps, then down to 0.07
 * of it at the end. The whitening layer's bias learns for the first {@link #WHITENING_BIAS_EPOCHS}
 * epochs and is frozen after.
 *
 * <p>airbench's Lookahead ({@link #lookahead}) pulls the whole model state back to its moving average
 * every 5 steps of 1024 images from the fourth epoch on, with the decay {@code 0.95^5 * (s / total)^3},
 * and to the average itself at the end of every epoch from then.
 */
final class AirbenchRecipe {
    static final float MOMENTUM = 0.85f;
    /** airbench's learning rate per 1024 examples of summed loss. */
    static final float RATE_PER_KILO_EXAMPLES = 11.5f;

    static final float WEIGHT_DECAY_PER_KILO_EXAMPLES = 0.0153f;
    static final float BATCHNORM_SHIFT_RATE_SCALE = 64f;
    static final float LABEL_SMOOTHING = 0.2f;
    static final int WHITENING_BIAS_EPOCHS = 3;
    /** airbench syncs its Lookahead every 5 steps of 1024 images: every 5,120 images. */
    static final int LOOKAHEAD_IMAGES_APART = 5 * 1024;
    /** The decay of a sync at the end of training: airbench's 0.95 per step, over its 5 steps. */
    static final double LOOKAHEAD_DECAY = Math.pow(0.95, 5);

    static final double LOOKAHEAD_DECAY_POWER = 3;
    /** airbench starts its Lookahead after 3 epochs ({@code ema.start_epochs}). */
    static final int LOOKAHEAD_START_EPOCH = 4;
    /** Training images the whitening filters are computed from. */
    static final int WHITENING_IMAGES = 5000;

    private AirbenchRecipe() {}

    /** The peak learning rate for a mean loss over batches of {@code batchSize}. */
    static float learningRate(int batchSize) {
        double k = 1024 * (1 + 1 / (1 - (double) MOMENTUM));
        return (float) (RATE_PER_KILO_EXAMPLES / k * batchSize);
    }

    /** L2 coefficient on the mean-loss gradient (the same for every batch size). */
    static float weightDecay() {
        return WEIGHT_DECAY_PER_KILO_EXAMPLES / RATE_PER_KILO_EXAMPLES;
    }

    /**
     * Nesterov SGD over {@code model} at peak rate {@code rate}, with the BatchNorm shifts in their
     * own group, and the schedule and whitening-bias listener set on {@code fit} for a run of
     * {@code totalSteps} optimiser steps.
     */
    static SGD optimizer(Module model, FitOptions fit, float rate, long totalSteps) {
        Set<Tensor> shifts = Collections.newSetFromMap(new IdentityHashMap<>());
        collectBatchNormShifts(model, shifts);
        SGD sgd = new SGD(model, rate)
                .momentum(MOMENTUM)
                .nesterov(true)
                .weightDecay(weightDecay())
                .group(ParameterGroup.where((name, p) -> shifts.contains(p))
                        .learningRateScale(BATCHNORM_SHIFT_RATE_SCALE)
                        .weightDecay(weightDecay() / BATCHNORM_SHIFT_RATE_SCALE));
        long total = Math.max(1, totalSteps);
        fit.stepSchedule(StepSchedule.oneCycle(0.2f * rate, rate, 0.07f * rate, (long) (0.23 * total), total));
        Conv2D whiten = (Conv2D) model.children().get(Integer.toString(AirbenchModel.WHITENING_LAYER));
        fit.listener(new TrainingListener() {
            @Override
            public void onEpochStart(Trainer trainer, int epoch, int epochs, int totalBatches) {
                // Set at every epoch start, not once, so a run resumed from a checkpoint gets it right.
                whiten.bias().requiresGrad(epoch <= WHITENING_BIAS_EPOCHS);
            }
        });
        return sgd;
    }

    /**
     * Attaches airbench's Lookahead to {@code trainer} for a run of {@code totalSteps} steps of
     * {@code batchSize} images: a sync every 5,120 images as in airbench (every 5 steps at its batch
     * of 1024, 20 at 256, rounded to whole steps), so that the averaging per image is airbench's at
     * any batch size, as the learning rate is; decay {@code 0.95^5 * (s / totalSteps)^3} after step
     * {@code s}; from epoch {@value #LOOKAHEAD_START_EPOCH}.
     */
    static Lookahead lookahead(Trainer trainer, int batchSize, long totalSteps) {
        int every = (int) Math.max(1, Math.round((double) LOOKAHEAD_IMAGES_APART / batchSize));
        return Lookahead.attach(
                        trainer,
                        every,
                        Lookahead.DecaySchedule.polynomial(
                                LOOKAHEAD_DECAY, LOOKAHEAD_DECAY_POWER, Math.max(1, totalSteps)))
                .startEpoch(LOOKAHEAD_START_EPOCH);
    }

    private static void collectBatchNormShifts(Module m, Set<Tensor> into) {
        if (m instanceof BatchNorm bn && bn.bias() != null) {
            into.add(bn.bias());
        }
        m.children().values().forEach(c -> collectBatchNormShifts(c, into));
    }
}
