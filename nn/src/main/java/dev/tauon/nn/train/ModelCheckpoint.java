package dev.tauon.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a {@link Checkpoint} after every epoch (replacing the previous one atomically), so that
 * {@link FitOptions#resumeFrom} can continue the run after a crash or a stop.
 */
public final class ModelCheckpoint implements TrainingListener {
    private final Path file;

    /** Writes a checkpoint of the run to {@code file} after every epoch. */
    public ModelCheckpoint(Path file) {
        this.file = Objects.requireNonNull(file);
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult result) {
        try {
            Checkpoint.save(file, trainer, result.epoch());
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint after epoch " + result.epoch() + " to " + file + " failed", e);
        }
    }
}
