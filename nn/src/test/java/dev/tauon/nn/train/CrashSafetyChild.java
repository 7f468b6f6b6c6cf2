package dev.tauon.nn.train;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The child JVM {@link CrashSafetyTest} kills with SIGKILL. Two modes, each announcing its progress
 * on stdout, one line a step, so the parent knows which versions of the files may be there.
 *
 * <ul>
 *   <li>{@code files <dir> <first generation>}: forever, for generation g = first, first + 1, ...,
 *       writes the weights of {@link #model model(g)} to {@code weights.safetensors} and a checkpoint
 *       of them at epoch g to {@code run.ckpt.safetensors}, then prints {@code done g}.</li>
 *   <li>{@code train <dir>}: the run of {@link #trainer trainer()} for {@link #EPOCHS} epochs with a
 *       checkpoint each epoch, resumed from the checkpoint if there is one, printing
 *       {@code epoch e} after each; at the end it writes {@code final.safetensors} and prints {@code finished}.</li>
 * </ul>
 */
public final class CrashSafetyChild {
    static final int EPOCHS = 6;
    static final String WEIGHTS = "weights.safetensors";
    static final String CHECKPOINT = "run.ckpt.safetensors";
    static final String FINAL = "final.safetensors";

    private CrashSafetyChild() {}

    /** The model whose weights generation {@code g} writes: its initialisation from seed {@code g}. */
    static Sequential model(long g) {
        return new Sequential(new Flatten(), new Dense(64, Activation.RELU), new Dense(10, Activation.SOFTMAX))
                .build(new Generator(g), 1, 16, 16);
    }

    /** A trainer of {@code model}, as the checkpoint of the files mode needs one. */
    static Trainer trainerOf(Sequential model) {
        return new Trainer(model, Loss.crossEntropy(), new Adam(model, 0.01f));
    }

    /** The training run of the train mode, from seed 1. */
    static Trainer trainer() {
        return trainerOf(model(1));
    }

    /** The train mode's data: 16 batches of 8 random 1x16x16 images. */
    static List<Batch> data() {
        return TrainingExamples.randomImages(3, 128, 8, 10, 1, 16, 16);
    }

    /** Trains {@code trainer} to the end, checkpointing to {@code dir} each epoch and resuming from it. */
    static void train(Trainer trainer, Path dir, TrainingListener each) {
        List<Batch> data = data();
        Path checkpoint = dir.resolve(CHECKPOINT);
        trainer.fit(
                epoch -> TrainingExamples.shuffled(data, 5, epoch),
                EPOCHS,
                new FitOptions()
                        .progress(false)
                        .resumeFrom(checkpoint)
                        .listener(new ModelCheckpoint(checkpoint))
                        .listener(each));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        if (args[0].equals("files")) {
            for (long g = Long.parseLong(args[2]); ; g++) {
                Sequential model = model(g);
                Weights.save(model, dir.resolve(WEIGHTS));
                Checkpoint.save(dir.resolve(CHECKPOINT), trainerOf(model), (int) g);
                System.out.println("done " + g);
                System.out.flush();
            }
        }
        Trainer trainer = trainer();
        System.out.println("ready");
        System.out.flush();
        train(trainer, dir, new TrainingListener() {
            @Override
            public void onEpochEnd(Trainer t, EpochResult r) {
                System.out.println("epoch " + r.epoch());
                System.out.flush();
            }
        });
        Weights.save(trainer.model(), dir.resolve(FINAL));
        System.out.println("finished");
        System.out.flush();
    }
}
