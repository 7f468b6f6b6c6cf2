package dev.tauon.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.io.Weights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weight files and checkpoints survive SIGKILL: a child JVM ({@link CrashSafetyChild}) writes them
 * in a loop and is killed at random moments; after each kill every file is the previous or the new
 * complete version, loads (which verifies each tensor's CRC32C), and holds exactly that version's
 * bits. A training run killed at random moments and resumed from its checkpoint ends with the same
 * bits as one never interrupted.
 *
 * <p>{@code mvn verify} kills {@value #DEFAULT_KILLS} times; {@code -Dtauon.crashsafety.kills=200}
 * is the long run (docs/reliability.md).
 */
class CrashSafetyTest {
    static final int DEFAULT_KILLS = 20;
    private static final int KILLS = Integer.getInteger("tauon.crashsafety.kills", DEFAULT_KILLS);

    @TempDir
    Path dir;

    private final Random random = new Random(42);

    /**
     * A child JVM and the lines it has printed. Its output goes to a file, not a pipe: killing a
     * process closes the pipe's stream, and the lines printed just before the kill must be read.
     */
    private static final class Child implements AutoCloseable {
        final Process process;
        final Path log;
        List<String> lines = List.of();

        Child(Path log, String... args) throws IOException {
            this.log = log;
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "--add-modules=jdk.incubator.vector",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CrashSafetyChild.class.getName()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        }

        /** Waits until a line starts with {@code prefix}; false if the child ends first. */
        boolean awaitLine(String prefix) throws Exception {
            while (true) {
                boolean ended = !process.isAlive();
                lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                Thread.sleep(2);
            }
        }

        /** SIGKILL (destroyForcibly on Linux), then every line printed before it. */
        void kill() throws Exception {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed child did not end");
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
        }
    }

    @Test
    void everyFileIsTheOldOrTheNewVersionAfterSigkill() throws Exception {
        Path weights = dir.resolve(CrashSafetyChild.WEIGHTS);
        Path checkpoint = dir.resolve(CrashSafetyChild.CHECKPOINT);
        long weightsGen = 0; // 0: no file yet
        long checkpointGen = 0;
        int midWrite = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long first = Math.max(weightsGen, checkpointGen) + 1;
            long lastDone;
            try (Child child = new Child(dir.resolve("child.log"), "files", dir.toString(), Long.toString(first))) {
                // After its first generation, so every child makes progress; then at a random moment.
                assertTrue(child.awaitLine("done "), String.join("\n", child.lines));
                Thread.sleep(random.nextInt(100));
                child.kill();
                lastDone = first - 1;
                for (String line : child.lines) {
                    if (line.startsWith("done ")) {
                        lastDone = Long.parseLong(line.substring(5));
                    } else if (!line.startsWith("WARNING: Using incubator modules")) {
                        fail("child printed: " + String.join("\n", child.lines));
                    }
                }
            }
            weightsGen = weightsGeneration(weights, allowed(weightsGen, first, lastDone));
            checkpointGen = checkpointGeneration(checkpoint, allowed(checkpointGen, first, lastDone));
            assertTrue(weightsGen >= checkpointGen, "checkpoint " + checkpointGen + " ahead of weights " + weightsGen);
            if (weightsGen != checkpointGen) {
                midWrite++;
            }
        }
        assertTrue(
                checkpointGen >= KILLS,
                "each child finishes a generation before it is killed, yet the last is " + checkpointGen + " after "
                        + KILLS + " kills");
        Files.delete(dir.resolve("child.log"));
        System.out.printf(
                "crash safety: %d kills, %d of them between writing the weights and the checkpoint,"
                        + " last generation %d, %d temporary files left behind%n",
                KILLS, midWrite, Math.max(weightsGen, checkpointGen), leftovers());
    }

    @Test
    void aRunKilledAndResumedEndsWithTheSameBitsAsOneNeverInterrupted() throws Exception {
        Trainer straight = CrashSafetyChild.trainer();
        CrashSafetyChild.train(straight, dir.resolve("straight"), new TrainingListener() {});
        Path run = dir.resolve("killed");
        int kills = 0;
        while (kills < 3) {
            try (Child child = new Child(dir.resolve("child.log"), "train", run.toString())) {
                if (!child.awaitLine("epoch ")) {
                    fail("child ended: " + String.join("\n", child.lines));
                }
                Thread.sleep(random.nextInt(30));
                child.kill();
                kills++;
                if (child.lines.contains("finished")) {
                    break;
                }
            }
        }
        try (Child child = new Child(dir.resolve("child.log"), "train", run.toString())) {
            assertTrue(child.awaitLine("finished"), String.join("\n", child.lines));
            assertEquals(0, child.process.waitFor(), String.join("\n", child.lines));
            Files.delete(child.log);
        }
        Sequential resumed = CrashSafetyChild.model(0);
        Weights.load(resumed, run.resolve(CrashSafetyChild.FINAL));
        assertTrue(
                bitsEqual(straight.model().stateDict(), resumed.stateDict()),
                "the run killed " + kills + " times ended with other weights than the one never interrupted");
    }

    /** The generation of the weights file (0: none yet), which must be one of {@code allowed}, found by comparing bits. */
    private static long weightsGeneration(Path file, long[] allowed) throws IOException {
        if (!Files.exists(file)) {
            assertTrue(contains(allowed, 0), "weights file missing, expected generation " + Arrays.toString(allowed));
            return 0;
        }
        Sequential into = CrashSafetyChild.model(0);
        Weights.load(into, file); // verifies every tensor's CRC32C
        for (long g : allowed) {
            if (g > 0 && bitsEqual(CrashSafetyChild.model(g).stateDict(), into.stateDict())) {
                return g;
            }
        }
        return fail(file + " holds none of generations " + Arrays.toString(allowed));
    }

    /** The checkpoint's epoch (0: none yet), which must be one of {@code allowed}, with that generation's weights. */
    private static long checkpointGeneration(Path file, long[] allowed) throws IOException {
        if (!Files.exists(file)) {
            assertTrue(contains(allowed, 0), "checkpoint missing, expected generation " + Arrays.toString(allowed));
            return 0;
        }
        Trainer into = CrashSafetyChild.trainerOf(CrashSafetyChild.model(0));
        int epoch = Checkpoint.restore(file, into); // verifies every tensor's CRC32C and the metadata
        assertTrue(
                contains(allowed, epoch),
                file + " at epoch " + epoch + ", expected one of " + Arrays.toString(allowed));
        assertTrue(
                bitsEqual(
                        CrashSafetyChild.model(epoch).stateDict(), into.model().stateDict()),
                file + ": the weights are not generation " + epoch + "'s");
        return epoch;
    }

    /**
     * The generations a file may hold after the kill: it was rewritten through the last generation the
     * child announced and may have been replaced by the next one since; while the child announced
     * none, it is the one it had before or the child's first.
     */
    private static long[] allowed(long before, long first, long lastDone) {
        return lastDone < first ? new long[] {before, first} : new long[] {lastDone, lastDone + 1};
    }

    private static boolean contains(long[] values, long v) {
        for (long x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static boolean bitsEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            if (!Arrays.equals(expected.get(name).data(), actual.get(name).data())) {
                return false;
            }
        }
        return true;
    }

    private long leftovers() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .count();
        }
    }
}
