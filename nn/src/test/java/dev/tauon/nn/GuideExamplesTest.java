package dev.tauon.nn;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.optim.SGD;
import dev.tauon.nn.optim.StepSchedule;
import dev.tauon.nn.train.EarlyStopping;
import dev.tauon.nn.train.Evaluation;
import dev.tauon.nn.train.FitOptions;
import dev.tauon.nn.train.History;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            java.util.Collections.reverse(batches);
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
    class Residual extends Module {
        private final Dense inner = registerModule("inner", new Dense(16, Activation.RELU));
        private final Dense outer = registerModule("outer", new Dense(16));

        Residual(Generator init) {
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
        Residual r = new Residual(new Generator(1));
        assertEquals(List.of("inner.weight", "inner.bias", "outer.weight", "outer.bias"),
                List.copyOf(r.parameters().keySet()));
        Sequential stacked = new Sequential(r, new Dense(2)).build(16);
        assertArrayEquals(new int[] {5, 2}, stacked.forward(Tensor.ones(5, 16)).shape());
        assertEquals(r.parameterCount() + 34, stacked.summary(16).totalParameters());
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
        model.saveWeights(weights);

        Sequential restored = cifar10Cnn();
        restored.build(3, 32, 32);
        restored.loadWeights(weights);
        // guide:end
        assertArrayEquals(model.parameters().get("6.weight").toArray(), restored.parameters().get("6.weight").toArray());
    }

    @Test
    void trainingRecipe() {
        Sequential model = cifarModel();
        // guide:begin
        long steps = 10L * trainBatches.size();
        Trainer fast = new Trainer(model, Loss.crossEntropy(), new SGD(model, 0.2f).momentum(0.9f).nesterov(true));
        fast.fit(trainBatches, 10, new FitOptions()
                .stepSchedule(StepSchedule.oneCycle(0.04f, 0.2f, 0.014f, (long) (0.23 * steps), steps))
                .clipGradientNorm(5f));

        TestTimeAugmentation tta = TestTimeAugmentation.builder().translate(1).reflectPadding().build();
        Evaluation withViews = tta.evaluate(fast, testBatches);
        // guide:end
        assertEquals(20, fast.optimizer().iterations());
        // step 19 of 20, peak at step 4: 15/16 of the way down from 0.2 to 0.014
        assertEquals(0.2 - 0.186 * 15 / 16, fast.optimizer().learningRate(), 1e-6, "the last step's rate");
        assertEquals(6, tta.views());
        assertEquals(4, withViews.examples());
        assertTrue(Double.isFinite(withViews.loss()));
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
        assertEquals(8, inTest.size(), "snippets in this test");
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
