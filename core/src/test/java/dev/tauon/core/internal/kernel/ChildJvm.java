package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Starts a test's main class in a fresh JVM (same java binary, the library's class path) and returns its output. */
final class ChildJvm {

    private ChildJvm() {}

    /** Runs {@code main} with {@code jvmArgs}; fails unless it exits with 0 within 60 s. Returns stdout and stderr. */
    static String run(Class<?> main, List<String> jvmArgs) throws Exception {
        String classPath = String.join(
                File.pathSeparator,
                location(Gemm.class),
                location(main),
                location(org.slf4j.LoggerFactory.class),
                // The logging backend, so the library's log lines (why this provider) show in the output.
                location(org.slf4j.LoggerFactory.getILoggerFactory().getClass()),
                location(org.junit.jupiter.api.Assertions.class),
                location(org.opentest4j.AssertionFailedError.class));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, main.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /**
     * Runs {@code main} with the Vector API and vectors of at most {@code maxVectorBytes} ({@code
     * -XX:MaxVectorSize}: 32 gives AVX2's 8 lanes on any machine), as {@link #run} does; skips the
     * calling test where this JVM was started without the module.
     */
    static String runWithVectorsOf(int maxVectorBytes, Class<?> main) throws Exception {
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        return run(main, List.of("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=" + maxVectorBytes));
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
