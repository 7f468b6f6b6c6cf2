package dev.tauon.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A weight or checkpoint file that is malformed, truncated, or does not match the model; the message says where and how. */
public class WeightFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem with the weight file {@code file}, described by {@code problem}. */
    public WeightFileException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
