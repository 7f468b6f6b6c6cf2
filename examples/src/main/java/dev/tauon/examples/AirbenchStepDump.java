package dev.tauon.examples;

import dev.tauon.core.Batch;
import dev.tauon.core.NoGrad;
import dev.tauon.core.Tensor;
import dev.tauon.data.Normalization;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Optimizer;
import dev.tauon.nn.optim.StepSchedule;
import dev.tauon.nn.train.FitOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A few steps of the airbench recipe's optimiser on one fixed batch, written out for an independent
 * implementation to repeat: {@code init.safetensors} (the seed-1 network), {@code x.f32} and
 * {@code y.i32} (the batch, little-endian), {@code after<k>.safetensors} after each step and
 * {@code eval_logits.f32} (the batch in evaluation mode at the end). docs/crosscheck/
 * airbench_steps_pytorch.py loads the same weights into PyTorch, takes the same steps (Nesterov SGD,
 * the BatchNorm-shift group, L2 decay, the per-step triangle at its first steps, label smoothing)
 * and prints how far its weights and logits are from these.
 *
 * <p>{@code AirbenchStepDump CIFAR10_ARCHIVE OUTPUT_DIR [STEPS]}: the first 256 training images,
 * normalised, not augmented; whitening from the first 5,000, as the recipe does.
 */
public final class AirbenchStepDump {
    static final int BATCH = 256;

    private AirbenchStepDump() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: AirbenchStepDump CIFAR10_ARCHIVE OUTPUT_DIR [STEPS]");
            System.exit(2);
        }
        Cifar10Data data = Cifar10Data.load(Path.of(args[0]), 0, 0.2, 1);
        Normalization norm = Recipe.AIRBENCH.normalization(data.train());
        Tensor whitening = Cifar10Cnn.firstBatch(data.train(), norm, AirbenchRecipe.WHITENING_IMAGES)
                .inputs();
        Batch batch = Cifar10Cnn.firstBatch(data.train(), norm, BATCH);
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Float> losses = dump(whitening, batch, args.length > 2 ? Integer.parseInt(args[2]) : 3, out);
        for (int i = 0; i < losses.size(); i++) {
            System.out.printf(Locale.ROOT, "step %d loss %.7f%n", i + 1, losses.get(i));
        }
        System.out.println("written to " + out.toAbsolutePath());
    }

    /**
     * The seed-1 airbench network whitened from {@code whitening}, trained {@code steps} steps on
     * {@code batch} with the recipe's optimiser and schedule (for a 10-epoch run of 196 steps an
     * epoch, as at batch 256), its files written to {@code out}; returns the loss before each step.
     */
    static List<Float> dump(Tensor whitening, Batch batch, int steps, Path out) throws IOException {
        Sequential model = AirbenchModel.create(1, 10, whitening);
        Weights.save(model, out.resolve("init.safetensors"));
        writeFloats(batch.inputs().data(), out.resolve("x.f32"));
        ByteBuffer labels = ByteBuffer.allocate(4 * batch.labels().length).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : batch.labels()) {
            labels.putInt(label);
        }
        writeAtomically(labels.array(), out.resolve("y.i32"));

        int batchSize = batch.inputs().dim(0);
        long totalSteps = 10L * ((50_000 + batchSize - 1) / batchSize);
        float rate = AirbenchRecipe.learningRate(batchSize);
        Optimizer optimizer = AirbenchRecipe.optimizer(model, new FitOptions(), rate, totalSteps);
        StepSchedule schedule =
                StepSchedule.oneCycle(0.2f * rate, rate, 0.07f * rate, (long) (0.23 * totalSteps), totalSteps);
        Loss loss = Recipe.AIRBENCH.loss();
        List<Float> losses = new ArrayList<>();
        model.train();
        for (int step = 1; step <= steps; step++) {
            optimizer.zeroGrad();
            Tensor value = loss.compute(model.forward(batch.inputs()), batch);
            losses.add(value.item());
            value.backward();
            optimizer.setLearningRate(schedule.rate(optimizer.iterations()));
            optimizer.step();
            Weights.save(model, out.resolve("after" + step + ".safetensors"));
        }
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            writeFloats(model.forward(batch.inputs()).data(), out.resolve("eval_logits.f32"));
        }
        model.train();
        return losses;
    }

    private static void writeFloats(float[] values, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        writeAtomically(b.array(), file);
    }

    /** Written to a temporary name, then renamed into place. */
    private static void writeAtomically(byte[] bytes, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
