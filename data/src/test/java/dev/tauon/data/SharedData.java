package dev.tauon.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The project's shared data sets ({@code ../shared/datasets/} from the project root), for integration tests. */
public final class SharedData {
    private SharedData() {}

    /**
     * {@code ../shared/datasets/<name>} from the project root ({@code TAUON_PROJECT_ROOT}, which the
     * build sets, else the working directory), if it is there.
     */
    public static Optional<Path> dataset(String name) {
        String root = System.getenv("TAUON_PROJECT_ROOT");
        Path base =
                root != null && !root.isBlank() ? Path.of(root) : Path.of("").toAbsolutePath();
        Path p = base.resolve("../shared/datasets").resolve(name).normalize();
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    /** The message of a test skipped for want of {@code name}. */
    public static String missing(String name) {
        return "../shared/datasets/" + name + " not found from the project root (TAUON_PROJECT_ROOT); skipping";
    }
}
