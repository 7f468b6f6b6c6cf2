package dev.tauon.examples;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folder a run writes its results into, made before training starts: an unusable
 * {@code --output} fails at once instead of after the whole run, and two runs started in the same
 * second never share the default folder.
 */
final class RunFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {}

    /**
     * {@code requested} (created if missing), or else a new folder {@code runs/cifar10-<start time>}
     * under {@code runsRoot}, with {@code -2}, {@code -3}, ... appended if that name is taken.
     */
    static Path create(Path requested, Path runsRoot, LocalDateTime start) throws IOException {
        return create(requested, runsRoot, "cifar10", start);
    }

    /** As {@link #create(Path, Path, LocalDateTime)}, the default folder named {@code <prefix>-<start time>}. */
    static Path create(Path requested, Path runsRoot, String prefix, LocalDateTime start) throws IOException {
        if (requested != null) {
            try {
                Files.createDirectories(requested);
            } catch (IOException e) {
                throw new IOException("--output " + requested + " cannot be used as a folder: " + e, e);
            }
            if (!Files.isWritable(requested)) {
                throw new IOException("--output " + requested + " is not writable");
            }
            return requested;
        }
        Files.createDirectories(runsRoot);
        String name = prefix + "-" + start.format(STAMP);
        for (int n = 1; ; n++) {
            Path candidate = runsRoot.resolve(n == 1 ? name : name + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another run started in the same second: try the next suffix
            }
        }
    }
}
