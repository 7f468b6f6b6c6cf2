package dev.tauon.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.ModelCheckpoint;
import dev.tauon.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExponentialMovingAverageTest {
    @TempDir
    Path dir;

    private final Tensor p = Tensor.ones(1).requiresGrad(true);
    private final Tensor frozen = Tensor.full(2f, 1).requiresGrad(false);

    private Map<String, Tensor> parameters() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("p", p);
        params.put("frozen", frozen);
        return params;
    }

    /** One step of plain SGD on the loss 0.5 * p (p moves by -0.05 at lr 0.1). */
    private static void step(Optimizer opt) {
        Tensor p = opt.parameters().get("p");
        opt.zeroGrad();
        p.sum().mul(0.5f).backward();
        opt.step();
    }

    @Test
    void theAverageStartsAtTheFirstStepsWeightsThenMovesByOneMinusDecay() {
        SGD sgd = new SGD(parameters(), 0.1f);
        ExponentialMovingAverage ema = sgd.averageWeights(0.75f);
        assertEquals(1f, ema.averages().get("p").item(), "before any step, the weights themselves");
        // p: 0.95, 0.90, 0.85; average: 0.95, 0.95 + (0.90 - 0.95) / 4 = 0.9375, 0.9375 + (0.85 - 0.9375) / 4 =
        // 0.915625
        double[] expected = {0.95, 0.9375, 0.915625};
        for (double e : expected) {
            step(sgd);
            assertEquals(e, ema.averages().get("p").item(), 1e-6);
        }
        assertEquals(0.85f, p.item(), 1e-6f, "the parameter itself is the trained weight");
        assertEquals(Set.of("ema.p"), sgd.state().buffers().keySet(), "a parameter frozen from the start has none");
        assertEquals(2f, ema.averages().get("frozen").item());
    }

    @Test
    void aParameterFrozenLaterIsStillAveragedTowardsItsFrozenValue() {
        SGD sgd = new SGD(parameters(), 0.1f);
        ExponentialMovingAverage ema = sgd.averageWeights(0.75f);
        step(sgd); // p = 0.95, average 0.95
        step(sgd); // p = 0.90, average 0.9375
        p.requiresGrad(false);
        sgd.step(); // p stays 0.90; average 0.9375 + (0.9 - 0.9375) / 4 = 0.928125
        assertEquals(0.9f, p.item(), 1e-6f);
        assertEquals(0.928125, ema.averages().get("p").item(), 1e-6);
    }

    @Test
    void swapInPutsTheAveragesInTheParametersUntilClosed() {
        SGD sgd = new SGD(parameters(), 0.1f);
        ExponentialMovingAverage ema = sgd.averageWeights(0.75f);
        step(sgd);
        step(sgd);
        float trained = p.item();
        try (var averaged = ema.swapIn()) {
            assertTrue(ema.isSwappedIn());
            assertEquals(0.9375f, p.item(), 1e-6f);
            assertEquals(2f, frozen.item());
            assertRefused("SGD: step() while the averaged weights are swapped in; swap them out first", sgd::step);
            assertRefused("SGD: state() while the averaged weights are swapped in; swap them out first", sgd::state);
            assertRefused("ExponentialMovingAverage: the averages are swapped in already", ema::swapIn);
        }
        assertFalse(ema.isSwappedIn());
        assertEquals(trained, p.item(), "the trained weight, bit for bit");
        ema.swapOut(); // a second swap-out does nothing
        assertEquals(trained, p.item());
    }

    @Test
    void aResumedStateContinuesTheAverageWithTheSameBits() {
        Tensor a = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
        SGD straight = new SGD(Map.of("a", a), 0.05f).momentum(0.9f);
        ExponentialMovingAverage straightEma = straight.averageWeights(0.7f);
        for (int i = 0; i < 3; i++) {
            quadraticStep(straight, a);
        }
        OptimizerState saved = straight.state();
        assertEquals(Set.of("momentum.a", "ema.a"), saved.buffers().keySet());

        Tensor b = a.copy().requiresGrad(true);
        SGD resumed = new SGD(Map.of("b", b), 0.05f).momentum(0.9f);
        assertThrows(IllegalArgumentException.class, () -> resumed.loadState(saved), "other parameter names");
        SGD sameNames = new SGD(Map.of("a", b), 0.05f).momentum(0.9f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sameNames.loadState(saved));
        assertEquals(
                "SGD: state buffer \"ema.a\" is a weight average, but this optimizer averages no weights;"
                        + " call averageWeights(decay) before restoring",
                e.getMessage());
        assertEquals(0, sameNames.iterations(), "nothing restored");
        ExponentialMovingAverage resumedEma = sameNames.averageWeights(0.7f);
        sameNames.loadState(saved);
        for (int i = 0; i < 3; i++) {
            quadraticStep(straight, a);
            quadraticStep(sameNames, b);
        }
        assertArrayEquals(a.data(), b.data());
        assertArrayEquals(
                straightEma.averages().get("a").data(),
                resumedEma.averages().get("a").data());
        assertNotEquals(a.data()[0], straightEma.averages().get("a").data()[0]);
    }

    private static void quadraticStep(Optimizer opt, Tensor x) {
        opt.zeroGrad();
        x.mul(x).sum().backward();
        opt.step();
    }

    @Test
    void aCheckpointedFitResumesTheAverageGroupsAndNesterovSgdExactly() {
        List<Batch> data = FrozenParametersTest.randomImages(7);
        Path checkpoint = dir.resolve("run.safetensors");
        Recipe straight = new Recipe();
        straight.trainer.fit(epoch -> data, 4, new FitOptions().progress(false));

        Recipe interrupted = new Recipe();
        interrupted.trainer.fit(
                epoch -> data, 2, new FitOptions().progress(false).listener(new ModelCheckpoint(checkpoint)));
        Recipe resumed = new Recipe();
        resumed.trainer.fit(epoch -> data, 4, new FitOptions().progress(false).resumeFrom(checkpoint));

        assertEquals(12, resumed.trainer.optimizer().iterations());
        for (String name : straight.model.parameters().keySet()) {
            assertArrayEquals(
                    straight.model.parameters().get(name).data(),
                    resumed.model.parameters().get(name).data(),
                    name);
            assertArrayEquals(
                    straight.ema.averages().get(name).data(),
                    resumed.ema.averages().get(name).data(),
                    name);
        }
        Recipe withoutAverage = new Recipe();
        Trainer plain = new Trainer(
                withoutAverage.model,
                Loss.crossEntropy(),
                new SGD(withoutAverage.model, 0.1f)
                        .momentum(0.9f)
                        .nesterov(true)
                        .decoupledWeightDecay(0.05f)
                        .group(ParameterGroup.oneDimensional()
                                .learningRateScale(4f)
                                .weightDecay(0f)));
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> plain.fit(
                        epoch -> data, 4, new FitOptions().progress(false).resumeFrom(checkpoint)));
        assertTrue(e.getMessage().contains("this optimizer averages no weights"), e.getMessage());
    }

    /** airbench's optimiser: Nesterov SGD, decoupled decay, biases at a larger rate without decay, an average. */
    private static final class Recipe {
        final Sequential model = FrozenParametersTest.smallModel();
        final SGD sgd = new SGD(model, 0.1f)
                .momentum(0.9f)
                .nesterov(true)
                .decoupledWeightDecay(0.05f)
                .group(ParameterGroup.oneDimensional().learningRateScale(4f).weightDecay(0f));
        final ExponentialMovingAverage ema = sgd.averageWeights(0.8f);
        final Trainer trainer = new Trainer(model, Loss.crossEntropy(), sgd);
    }

    @Test
    void copyToFillsAModelOfTheSameArchitecture() {
        Sequential model = FrozenParametersTest.smallModel();
        SGD sgd = new SGD(model, 0.1f).momentum(0.9f);
        ExponentialMovingAverage ema = sgd.averageWeights(0.9f);
        new Trainer(model, Loss.crossEntropy(), sgd)
                .fit(FrozenParametersTest.randomImages(2), 2, new FitOptions().progress(false));
        Sequential copy = FrozenParametersTest.smallModel();
        ema.copyTo(copy);
        ema.averages()
                .forEach((name, avg) -> assertArrayEquals(
                        avg.data(), copy.parameters().get(name).data(), name));
        assertFalse(
                Arrays.equals(
                        model.parameters().get("2.weight").data(),
                        copy.parameters().get("2.weight").data()),
                "the average is not the last weights");

        Sequential other = new Sequential(new Flatten(), new Dense(6), new Dense(3)).build(new Generator(1), 1, 2, 2);
        float[] untouched = other.parameters().get("2.bias").data().clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ema.copyTo(other));
        assertEquals(
                "ExponentialMovingAverage.copyTo: Sequential has parameter 1.weight [4, 6], the average is [4, 5]",
                e.getMessage());
        assertArrayEquals(untouched, other.parameters().get("2.bias").data(), "nothing copied");

        try (var averaged = ema.swapIn()) {
            assertRefused(
                    "ExponentialMovingAverage.copyTo: the averages are swapped into this model;"
                            + " swap them out first, or the swap-out would undo the copy",
                    () -> ema.copyTo(model),
                    IllegalStateException.class);
        }
        ema.copyTo(model);
        assertArrayEquals(
                copy.parameters().get("2.weight").data(),
                model.parameters().get("2.weight").data());
    }

    @Test
    void decayOutsideItsRangeAndASecondAverageAreRefused() {
        SGD sgd = new SGD(parameters(), 0.1f);
        assertRefused("SGD: weight-average decay must be in [0, 1), got 1.0", () -> sgd.averageWeights(1f));
        sgd.averageWeights(0.99f);
        assertRefused(
                "SGD: already averages the weights, with decay 0.99",
                () -> sgd.averageWeights(0.9f),
                IllegalStateException.class);
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable call) {
        assertRefused(message, call, RuntimeException.class);
    }

    private static void assertRefused(
            String message, org.junit.jupiter.api.function.Executable call, Class<? extends RuntimeException> type) {
        RuntimeException e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
    }
}
