package dev.tauon.data;

/**
 * Preparing a batch failed, on the loader's background thread or while waiting for it; the
 * cause is the original failure. Unchecked because {@link java.util.Iterator#next()} cannot throw
 * checked exceptions.
 */
public class DataLoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure while loading data, described by {@code message}, caused by {@code cause}. */
    public DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
