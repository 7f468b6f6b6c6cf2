package dev.tauon.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The project's shared data sets ({@code ../shared/datasets/} from the project root), or a skipped test. */
final class SharedDatasets {
    private SharedDatasets() {}

    /** {@code ../shared/datasets/<name>} from {@code TAUON_PROJECT_ROOT} (else the working directory); skips if absent. */
    static Path orSkip(String name) {
        String root = System.getenv("TAUON_PROJECT_ROOT");
        Path base =
                root != null && !root.isBlank() ? Path.of(root) : Path.of("").toAbsolutePath();
        Path p = base.resolve("../shared/datasets").resolve(name).normalize();
        Assumptions.assumeTrue(
                Files.exists(p),
                "../shared/datasets/" + name + " not found from the project root " + "(TAUON_PROJECT_ROOT); skipping");
        return p;
    }
}
