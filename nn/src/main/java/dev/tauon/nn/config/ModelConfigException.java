package dev.tauon.nn.config;

import java.io.IOException;

/**
 * A model config that is malformed, beyond the limits, or names something Tauon cannot build; the
 * message names the source (a file and its metadata key), the JSON path and the character offset.
 */
public class ModelConfigException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}, which names the source, the JSON path and the offset. */
    public ModelConfigException(String message) {
        super(message);
    }
}
