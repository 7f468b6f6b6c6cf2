package dev.tauon.nn;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.PadMode;
import dev.tauon.core.Tensor;
import dev.tauon.core.KernelPool;
import dev.tauon.nn.io.Models;
import dev.tauon.nn.io.PyTorchStateDict;
import dev.tauon.nn.distill.DistillationLoss;
import dev.tauon.nn.explain.GradCam;
import dev.tauon.nn.explain.IntegratedGradients;
import dev.tauon.nn.explain.Occlusion;
import dev.tauon.nn.explain.Saliency;
import dev.tauon.nn.explain.SmoothGrad;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Concatenate;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GlobalAvgPool2D;
import dev.tauon.nn.layers.Identity;
import dev.tauon.nn.layers.LeakyReLU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.Residual;
import dev.tauon.nn.layers.ZeroPadding2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.io.SafeTensors;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.ExponentialMovingAverage;
import dev.tauon.nn.optim.ParameterGroup;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.optim.StepSchedule;
import dev.tauon.nn.predict.Predictor;
import dev.tauon.nn.prune.Pruning;
import dev.tauon.nn.prune.PruningSchedule;
import dev.tauon.nn.prune.PruningScope;
import dev.tauon.nn.prune.SparseWeights;
import dev.tauon.nn.quantize.Calibrator;
import dev.tauon.nn.quantize.QuantizedModel;
import dev.tauon.nn.predict.TopK;
import dev.tauon.nn.train.EarlyStopping;
import dev.tauon.nn.train.Evaluation;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.History;
import dev.tauon.nn.train.Lookahead;
import dev.tauon.nn.train.Metric;
import dev.tauon.nn.train.ModelCheckpoint;
import dev.tauon.nn.train.TestTimeAugmentation;
import dev.tauon.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Collections;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every code snippet of {@code docs/guide.md}. The snippets are the regions between
 * {@code // guide:begin} and {@code // guide:end} below; {@link #guideShowsExactlyTheseSnippets}
 * checks that the guide's Java blocks are exactly these regions, so neither can change alone.
 */
class GuideExamplesTest {
    private static final Path GUIDE = Path.of("..", "docs", "guide.md");
    private static final Path THIS_FILE = Path.of("src", "test", "java", "dev", "tauon", "nn", "GuideExamplesTest.java");

    @TempDir
    Path runDir;

    private final long seed = 3;
    private final List<Batch> trainBatches = shuffledBatches(seed, 0);
    private final List<Batch> validationBatches = shuffledBatches(seed + 1, 0);
    private final List<Batch> testBatches = shuffledBatches(seed + 2, 0);

    /** Two batches of two random CIFAR-sized images, in an order that depends on the seed and epoch. */
    private static List<Batch> shuffledBatches(long seed, int epoch) {
        Generator g = new Generator(seed);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            batches.add(Batch.ofLabels(Tensor.rand(g, 2, 3, 32, 32), new int[] {g.nextInt(10), g.nextInt(10)}));
        }
        if (epoch % 2 == 1) {
            Collections.reverse(batches);
        }
        return batches;
    }

    // guide:begin
    static Sequential cifar10Cnn() {
        return new Sequential(
                new Conv2D(32, 3, Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3, Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3, Activation.RELU),
                new Flatten(),
                new Dense(64, Activation.RELU),
                new Dense(10, Activation.SOFTMAX));
    }
    // guide:end

    private static Sequential cifarModel() {
        // guide:begin
        Sequential model = cifar10Cnn();
        model.build(new Generator(42), 3, 32, 32);
        System.out.print(model.summary(3, 32, 32));
        // guide:end
        return model;
    }

    @Test
    void buildingAModel() {
        assertEquals(122_570, cifarModel().parameterCount());
    }

    // guide:begin
    class ResidualDense extends Module {
        private final Dense inner = registerModule("inner", new Dense(16, Activation.RELU));
        private final Dense outer = registerModule("outer", new Dense(16));

        ResidualDense(Generator init) {
            inner.build(init, 16);
            outer.build(init, 16);
        }

        @Override
        public Tensor forward(Tensor x) {
            return Functional.relu(x.add(outer.forward(inner.forward(x))));
        }
    }
    // guide:end

    @Test
    void customModule() {
        ResidualDense r = new ResidualDense(new Generator(1));
        assertEquals(List.of("inner.weight", "inner.bias", "outer.weight", "outer.bias"),
                List.copyOf(r.parameters().keySet()));
        Sequential stacked = new Sequential(r, new Dense(2)).build(16);
        assertArrayEquals(new int[] {5, 2}, stacked.forward(Tensor.ones(5, 16)).shape());
        assertEquals(r.parameterCount() + 34, stacked.summary(16).totalParameters());
    }

    // guide:begin
    static Sequential smallResNet() {
        return new Sequential(
                new Conv2D(16, 3, Activation.RELU).padding(Padding.SAME),
                new Residual(new Sequential(
                        new Conv2D(16, 3, Activation.RELU).padding(Padding.SAME),
                        new Conv2D(16, 3).padding(Padding.SAME))),
                new ReLU(),
                new MaxPool2D(3, 2, 1),
                new Residual(
                        new Sequential(
                                new Conv2D(32, 3, Activation.RELU).padding(Padding.SAME),
                                new Conv2D(32, 3).padding(Padding.SAME)),
                        new Conv2D(32, 1)),
                new ReLU(),
                new GlobalAvgPool2D(),
                new Dense(10, Activation.SOFTMAX));
    }
    // guide:end

    @Test
    void poolingAndResidualBlocks() throws IOException {
        Sequential model = smallResNet().build(new Generator(1), 3, 32, 32);
        String summary = model.summary(3, 32, 32).toString();
        assertTrue(read(GUIDE).contains("```\n" + summary + "```\n"), "docs/guide.md shows this summary:\n" + summary);
        assertTrue(model.parameters().containsKey("4.shortcut.weight"));
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model));
        History history = trainer.fit(trainBatches, 1, new FitOptions().progress(false));
        assertTrue(Double.isFinite(history.last().loss()), "one epoch trains: " + history.last());
    }

    @Test
    void shortTrainingAndResuming() {
        Sequential model = cifarModel();
        // guide:begin
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model));
        History history = trainer.fit(trainBatches, 10, new FitOptions()
                .validation(validationBatches)
                .listener(new EarlyStopping(Metric.VAL_LOSS, 3))
                .listener(new ModelCheckpoint(runDir.resolve("checkpoint.safetensors"))));
        System.out.println("last validation accuracy " + history.last().valAccuracy());

        Evaluation test = trainer.evaluate(testBatches);
        Tensor probabilities = trainer.predict(testBatches.get(0).inputs());
        // guide:end
        assertEquals(4, test.examples());
        assertArrayEquals(new int[] {2, 10}, probabilities.shape());
        int epochsRun = history.size();
        assertTrue(Files.exists(runDir.resolve("checkpoint.safetensors")));

        // guide:begin
        Path checkpoint = runDir.resolve("checkpoint.safetensors");
        History resumed = trainer.fit(epoch -> shuffledBatches(seed, epoch), 10, new FitOptions()
                .resumeFrom(checkpoint)
                .listener(new ModelCheckpoint(checkpoint)));
        // guide:end
        assertTrue(epochsRun < 10, "early stopping ended the first run (after epoch " + epochsRun + ")");
        assertEquals(10, resumed.size(), "resumed after epoch " + epochsRun + " and ran to epoch 10");
        assertEquals(history.epochs(), resumed.epochs().subList(0, epochsRun), "the restored epochs come first");
    }

    @Test
    void transparentLoop() {
        // guide:begin
        Sequential classifier = new Sequential(new Flatten(), new Dense(64, Activation.RELU), new Dense(10));
        classifier.build(new Generator(1), 3, 32, 32);
        Adam optimizer = new Adam(classifier);
        for (int epoch = 1; epoch <= 2; epoch++) {
            classifier.train();
            for (Batch batch : trainBatches) {
                optimizer.zeroGrad();
                Tensor loss = Functional.crossEntropy(classifier.forward(batch.inputs()), batch.labels());
                loss.backward();
                optimizer.step();
            }
        }
        classifier.eval();
        try (NoGrad noGrad = NoGrad.enter()) {
            Tensor logits = classifier.forward(testBatches.get(0).inputs());
        }
        // guide:end
        assertEquals(4, optimizer.iterations());
        try (NoGrad noGrad = NoGrad.enter()) { // what the snippet's last forward gives
            Tensor logits = classifier.forward(testBatches.get(0).inputs());
            assertArrayEquals(new int[] {2, 10}, logits.shape());
            for (float v : logits.data()) {
                assertTrue(Float.isFinite(v), logits.toString());
            }
            assertArrayEquals(logits.data(), classifier.forward(testBatches.get(0).inputs()).data(), "eval mode");
        }
    }

    @Test
    void savingAndLoading() throws IOException {
        Sequential model = cifarModel();
        // guide:begin
        Path weights = runDir.resolve("model.safetensors");
        Weights.save(model, weights);

        Sequential restored = cifar10Cnn();
        restored.build(3, 32, 32);
        Weights.load(restored, weights);
        // guide:end
        assertArrayEquals(model.parameters().get("6.weight").toArray(), restored.parameters().get("6.weight").toArray());
    }

    @Test
    void savingWholeModels() throws Exception {
        Sequential model = cifarModel();
        // guide:begin
        Path saved = runDir.resolve("cnn.safetensors");
        Models.save(model, saved);

        Sequential rebuilt = Models.load(saved, Sequential.class);
        rebuilt.eval();
        // guide:end
        assertEquals(model.summary(3, 32, 32).toString(), rebuilt.summary(3, 32, 32).toString());
        assertArrayEquals(model.parameters().get("6.weight").toArray(), rebuilt.parameters().get("6.weight").toArray());

        Path stateDictFile = Path.of(GuideExamplesTest.class.getResource("/pytorch/cnn_state_dict.safetensors").toURI());
        // guide:begin
        Sequential twin = new Sequential(
                new Conv2D(8, 3).padding(Padding.SAME), new BatchNorm2D(), new ReLU(), new MaxPool2D(2),
                new Conv2D(16, 3), new ReLU(), new Flatten(),
                new Dense(32), new ReLU(), new BatchNorm1D(), new Dense(10));
        twin.build(3, 8, 8);
        List<String> pairs = PyTorchStateDict.load(twin, stateDictFile);
        // guide:end
        assertEquals(6, pairs.size());
        assertEquals("7 -> 7 Dense(32)", pairs.get(3));
    }

    @Test
    void servingPredictions() throws IOException {
        Sequential model = cifarModel();
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), new Adam(model));
        // guide:begin
        Predictor predictor = Predictor.snapshot(model, () -> cifar10Cnn());
        Tensor probabilities = predictor.predict(testBatches.get(0).inputs());

        float[] image = new float[3 * 32 * 32]; // one request's pixels, channels first (NCHW)
        TopK top = predictor.topK(image, 3);
        System.out.println("class " + top.classes()[0] + " with probability " + top.probabilities()[0]);
        // guide:end
        assertArrayEquals(new int[] {2, 10}, probabilities.shape());
        assertEquals(3, top.classes().length);
        float[] before = predictor.predict(image);

        // guide:begin
        Weights.save(model, runDir.resolve("model.safetensors"));
        Predictor served = Predictor.load(() -> cifar10Cnn(), runDir.resolve("model.safetensors"), 3, 32, 32)
                .withKernelPool(KernelPool.callerOnly());

        try (KernelPool trainingThreads = new KernelPool(2)) {
            trainingThreads.run(() -> trainer.fit(trainBatches, 2, new FitOptions().progress(false)));
        }
        // guide:end
        assertEquals(4, trainer.optimizer().iterations(), "trained in its pool");
        assertArrayEquals(before, served.predict(image), "loaded from the file: the same weights");
        assertArrayEquals(before, predictor.predict(image), "the snapshot is not changed by training");
    }

    @Test
    void modernCnnLayersAndOps() {
        // guide:begin
        Sequential inceptionStyle = new Sequential(
                new ZeroPadding2D(1),
                new Conv2D(16, 3, Activation.GELU),
                new Concatenate(
                        new Conv2D(8, 1, Activation.RELU),
                        new Sequential(new ZeroPadding2D(1), new Conv2D(8, 3, Activation.SILU)),
                        new Identity()),
                new LeakyReLU(),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(10));
        inceptionStyle.build(new Generator(7), 3, 32, 32);
        // guide:end
        assertArrayEquals(new int[] {32, 32, 32}, inceptionStyle.layer(2).outputShape(new int[] {16, 32, 32}));
        assertEquals(448 + 136 + 1160 + 81_930, inceptionStyle.summary(3, 32, 32).totalParameters());

        // guide:begin
        Tensor images = testBatches.get(0).inputs();
        Tensor mean = images.mean(new int[] {0, 2, 3}, true);
        Tensor std = images.variance(new int[] {0, 2, 3}, true, 0).add(1e-5f).sqrt();
        Tensor normalised = images.sub(mean).div(std);
        Tensor shifted = normalised.pad(PadMode.REFLECT, 4, 4, 4, 4).slice(2, 1, 33).slice(3, 6, 38);
        Tensor predicted = inceptionStyle.forward(shifted).argmax(1);
        // guide:end
        assertArrayEquals(new int[] {1, 3, 1, 1}, mean.shape());
        assertArrayEquals(new int[] {2, 3, 32, 32}, shifted.shape());
        assertEquals(normalised.get(0, 0, 0, 2), shifted.get(0, 0, 3, 0), "pixel (0, 2) moved by (+3, -2)");
        assertEquals(normalised.get(1, 2, 1, 2), shifted.get(1, 2, 2, 0), "reflected: crop row 2 is input row -1, that is 1");
        assertArrayEquals(new int[] {2}, predicted.shape());
        for (float c : predicted.data()) {
            assertTrue(c >= 0 && c < 10 && c == Math.rint(c), "class index " + c);
        }
    }

    @Test
    void batchNormalisation() throws IOException {
        // guide:begin
        Sequential bnNet = new Sequential(
                new Conv2D(16, 3).padding(Padding.SAME),
                new BatchNorm2D(),
                new ReLU(),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(32),
                new BatchNorm1D().momentum(0.01f).epsilon(1e-3f),
                new ReLU(),
                new Dense(10));
        bnNet.build(new Generator(5), 3, 32, 32);
        System.out.print(bnNet.summary(3, 32, 32));

        Trainer bnTrainer = new Trainer(bnNet, Loss.crossEntropy(), new Adam(bnNet));
        bnTrainer.fit(trainBatches, 2, new FitOptions().validation(validationBatches));
        Map<String, Tensor> state = bnNet.stateDict();
        Weights.save(bnNet, runDir.resolve("bn.safetensors"));
        // guide:end
        Summary summary = bnNet.summary(3, 32, 32);
        assertTrue(read(GUIDE).contains(summary.toString()), "the guide shows this summary:\n" + summary);
        assertEquals(448 + 32 + 131_104 + 64 + 330, summary.trainableParameters());
        assertEquals(32 + 64, summary.nonTrainableParameters(), "the running means and variances");
        assertTrue(state.containsKey("1.running_mean") && state.containsKey("6.running_var"), state.keySet().toString());
        assertTrue(state.get("1.running_var").data()[0] != 1f, "training moved the statistics");
        Sequential reloaded = new Sequential(new Conv2D(16, 3).padding(Padding.SAME), new BatchNorm2D(), new ReLU(),
                new MaxPool2D(2), new Flatten(), new Dense(32), new BatchNorm1D(), new ReLU(), new Dense(10));
        reloaded.build(3, 32, 32);
        Weights.load(reloaded, runDir.resolve("bn.safetensors"));
        assertArrayEquals(state.get("6.running_mean").data(), reloaded.stateDict().get("6.running_mean").data());
    }

    @Test
    void trainingRecipe() {
        Sequential model = cifarModel();
        // guide:begin
        long steps = 10L * trainBatches.size();
        Trainer fast = new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.2f).momentum(0.9f).nesterov(true));
        Lookahead lookahead = Lookahead.attach(fast, 5, Lookahead.DecaySchedule.polynomial(Math.pow(0.95, 5), 3, steps))
                .startEpoch(4);
        fast.fit(trainBatches, 10, new FitOptions()
                .stepSchedule(StepSchedule.oneCycle(0.04f, 0.2f, 0.014f, (long) (0.23 * steps), steps))
                .clipGradientNorm(5f));

        TestTimeAugmentation tta = TestTimeAugmentation.mirrorTranslate(1);
        Evaluation withViews = tta.evaluate(fast, testBatches);
        // guide:end
        // 2 steps an epoch: the average starts at step 10 (epoch 5) and blends at steps 15 and 20
        assertTrue(lookahead.isStarted());
        lookahead.average().forEach((name, average) -> assertArrayEquals(
                average.data(), model.stateDict().get(name).data(), "the last epoch ended on the average: " + name));
        assertEquals(20, fast.optimizer().iterations());
        // step 19 of 20, peak at step 4: 15/16 of the way down from 0.2 to 0.014
        assertEquals(0.2 - 0.186 * 15 / 16, fast.optimizer().learningRate(), 1e-6, "the last step's rate");
        assertEquals(6, tta.views());
        assertEquals(4, withViews.examples());
        assertTrue(Double.isFinite(withViews.loss()));
    }

    @Test
    void optimiserGroupsFrozenParametersAndWeightAveraging() throws IOException {
        Sequential model = cifarModel();
        float[] frozenBefore = model.parameters().get("0.weight").data().clone();
        // guide:begin
        model.parameters().get("0.weight").requiresGrad(false);
        SGD sgd = new SGD(model, 0.2f).momentum(0.9f).nesterov(true).decoupledWeightDecay(5e-4f)
                .group(ParameterGroup.oneDimensional().learningRateScale(4f).weightDecay(0f));
        ExponentialMovingAverage ema = sgd.averageWeights(0.99f);
        Trainer averaging = new Trainer(model, Loss.crossEntropy(0.2f), sgd);
        averaging.fit(trainBatches, 2, new FitOptions()
                .listener(new ModelCheckpoint(runDir.resolve("averaged.safetensors"))));

        try (var averaged = ema.swapIn()) {
            Evaluation withAverages = averaging.evaluate(testBatches);
        }
        // guide:end
        assertArrayEquals(frozenBefore, model.parameters().get("0.weight").data(), "frozen");
        assertEquals(0.8f, sgd.learningRateOf("7.bias"), 1e-7f);
        assertEquals(0f, sgd.weightDecayOf("7.bias"));
        assertEquals(5e-4f, sgd.weightDecayOf("7.weight"));
        Set<String> saved = SafeTensors.read(runDir.resolve("averaged.safetensors")).tensors().keySet();
        assertTrue(saved.contains("optimizer.ema.7.weight") && !saved.contains("optimizer.ema.0.weight"), saved.toString());
        assertFalse(ema.isSwappedIn());
    }

    @Test
    void pruningWhileFineTuning() throws IOException {
        Sequential model = cifarModel();
        // guide:begin
        Pruning pruning = Pruning.attach(model);
        long steps = 2L * trainBatches.size();
        Trainer fineTuning = new Trainer(model, Loss.crossEntropy(), new Adam(model, 5e-4f));
        fineTuning.fit(trainBatches, 2, new FitOptions()
                .listener(new PruningSchedule(pruning, PruningScope.GLOBAL, 0.0, 0.8, 0, steps / 2, 1)));
        SparseWeights.save(model, runDir.resolve("pruned.safetensors"));
        // guide:end
        assertEquals(0.8, pruning.sparsity(), 1e-4);
        assertTrue(model.stateDict().containsKey("0.weight_mask"));
        assertTrue(Files.size(runDir.resolve("pruned.safetensors")) < 4L * model.parameterCount() / 2);
    }

    @Test
    void distillingIntoASmallerStudent() {
        Sequential teacher = cifarModel();
        // guide:begin
        Sequential student = new Sequential(new Conv2D(8, 3, Activation.RELU), new MaxPool2D(2), new Flatten(),
                new Dense(10));
        student.build(new Generator(7), 3, 32, 32);
        Trainer distilling = new Trainer(student, new DistillationLoss(teacher, 4f, 0.9f), new Adam(student, 1e-3f));
        distilling.fit(trainBatches, 2, new FitOptions());
        // guide:end
        assertEquals(2, distilling.history().size());
        assertTrue(teacher.parameters().values().stream().allMatch(p -> p.grad() == null), "the teacher is frozen");
    }

    @Test
    void attributionMaps() {
        Sequential model = cifarModel();
        // guide:begin
        Tensor images = testBatches.get(0).inputs();
        int[] classes = testBatches.get(0).labels();
        Tensor saliency = Saliency.of(model, images, classes);
        Tensor smooth = SmoothGrad.of(model, images, classes, 16, 0.15f, new Generator(1));
        Tensor integrated = IntegratedGradients.of(model, images, classes, 32);
        Tensor cam = GradCam.of(model, model.children().get("4"), images, classes);
        Tensor occlusion = Occlusion.of(model, images, classes, 8, 4, 0f);
        // guide:end
        int n = images.dim(0);
        assertArrayEquals(images.shape(), saliency.shape());
        assertArrayEquals(images.shape(), smooth.shape());
        assertArrayEquals(images.shape(), integrated.shape());
        assertArrayEquals(new int[] {n, 4, 4}, cam.shape());
        assertArrayEquals(new int[] {n, 32, 32}, occlusion.shape());
    }

    @Test
    void quantisingATrainedModel() throws IOException {
        Sequential model = cifarModel();
        // guide:begin
        List<Tensor> calibration = new ArrayList<>();
        for (Batch b : trainBatches) {
            calibration.add(b.inputs());
        }
        QuantizedModel int8 = QuantizedModel.quantize(model, calibration, Calibrator.percentile(99.99));
        Tensor probabilities = int8.predict(testBatches.get(0).inputs());
        int8.save(runDir.resolve("model-int8.safetensors"));

        Sequential architecture = cifar10Cnn();
        architecture.build(3, 32, 32);
        QuantizedModel restored = QuantizedModel.load(architecture, runDir.resolve("model-int8.safetensors"));
        // guide:end
        assertEquals(List.of(0, 2, 4, 6, 7), int8.quantizedLayers());
        assertArrayEquals(probabilities.data(), restored.predict(testBatches.get(0).inputs()).data());
    }

    @Test
    void guideShowsExactlyTheseSnippets() throws IOException {
        List<String> inGuide = new ArrayList<>();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(read(GUIDE));
        while (m.find()) {
            inGuide.add(dedent(m.group(1)));
        }
        List<String> inTest = new ArrayList<>();
        m = Pattern.compile("\n[ \t]*// guide:begin\n(.*?)\n[ \t]*// guide:end", Pattern.DOTALL).matcher(read(THIS_FILE));
        while (m.find()) {
            inTest.add(dedent(m.group(1) + "\n"));
        }
        assertEquals(21, inTest.size(), "snippets in this test");
        assertEquals(inTest, inGuide, "docs/guide.md's Java blocks must be this test's snippets, in order");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** Removes the indentation common to all non-blank lines. */
    private static String dedent(String block) {
        String[] lines = block.split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            sb.append(l.isBlank() ? "" : l.substring(indent));
            if (i < lines.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
