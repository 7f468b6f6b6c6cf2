package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DataLoaderException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a run writes, and what it writes when something is off; none of this needs the data set. */
class RunOutputTest {

    @Test
    void runsStartedInTheSameSecondGetTheirOwnFolders(@TempDir Path dir) throws Exception {
        LocalDateTime start = LocalDateTime.of(2026, 11, 29, 9, 30, 5);
        Path first = RunFolder.create(null, dir.resolve("runs"), start);
        Path second = RunFolder.create(null, dir.resolve("runs"), start);
        assertEquals(dir.resolve("runs/cifar10-20261129-093005"), first);
        assertEquals(dir.resolve("runs/cifar10-20261129-093005-2"), second);
        assertTrue(Files.isDirectory(first) && Files.isDirectory(second));
        Path requested = dir.resolve("my/run");
        assertEquals(requested, RunFolder.create(requested, dir.resolve("runs"), start));
        assertTrue(Files.isDirectory(requested));
    }

    @Test
    void anUnusableOutputFailsBeforeTrainingStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a folder");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // The data path does not exist either; the output is checked first, before any data is read.
        int code = Cifar10Cnn.run(
                new String[] {
                    "--output", file.toString(), "--data", dir.resolve("none").toString()
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--output " + file + " cannot be used as a folder"), message);
    }

    @Test
    void aFailedRunLeavesNoEmptyDefaultFolder(@TempDir Path dir) throws Exception {
        Path runs = Path.of("runs");
        long before = runFolders(runs);
        int code = Cifar10Cnn.run(
                new String[] {"--data", dir.resolve("missing.tar.gz").toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals(before, runFolders(runs), "the folder made for the failed run is gone");
    }

    private static long runFolders(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(runs)) {
            return list.filter(p -> p.getFileName().toString().startsWith("cifar10-"))
                    .count();
        }
    }

    @Test
    void summaryJsonWritesNonFiniteValuesAsNullAndEscapesStrings() {
        RunSummary s = new RunSummary(
                0.1,
                0.1,
                Double.NaN,
                1,
                40000,
                2.5,
                2.0,
                3200.0,
                Double.POSITIVE_INFINITY,
                2,
                "17.0.15 \"custom\\build\"",
                true,
                1,
                "reference",
                64,
                0.001f,
                0.2,
                0,
                null);
        String json = s.toJson();
        assertTrue(json.contains("\"test_loss\": null,"), json);
        assertTrue(json.contains("\"train_phase_images_per_s\": null,"), json);
        assertTrue(json.contains("\"java_version\": \"17.0.15 \\\"custom\\\\build\\\"\","), json);
        assertTrue(json.contains("\"learning_rate\": 0.001,"), json);
        assertTrue(json.contains("\"wall_seconds\": 2.500,"), json);
    }

    @Test
    void outOfMemoryOnTheLoaderThreadGetsTheSameAdvice() {
        assertTrue(Cifar10Cnn.causedByOutOfMemory(
                new DataLoaderException("epoch 3: loader failed", new OutOfMemoryError("Java heap space"))));
        assertTrue(Cifar10Cnn.causedByOutOfMemory(new OutOfMemoryError()));
        assertNotEquals(true, Cifar10Cnn.causedByOutOfMemory(new IllegalStateException("other")));
    }

    @Test
    void nonFiniteLearningRateAndAbsurdThreadCountsAreRefused() {
        for (String[] args : new String[][] {{"--lr", "Infinity"}, {"--lr", "1e39"}, {"--threads", "5000"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(
                    2,
                    Cifar10Cnn.run(
                            args,
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8)),
                    String.join(" ", args));
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.contains(args[0] + " must be"), message);
        }
    }
}
