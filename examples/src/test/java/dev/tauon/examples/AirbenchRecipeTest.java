package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.Cifar10;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The airbench recipe end to end on a tiny CIFAR-10-format folder: trains, scores, writes its files, resumes. */
class AirbenchRecipeTest {

    @TempDir
    Path dir;

    /** CIFAR-10's binary layout with {@code perFile} random records in each of the six files. */
    private Path tinyCifar(int perFile) throws Exception {
        Path data = Files.createDirectories(dir.resolve("cifar"));
        Random r = new Random(5);
        for (String name : new String[] {
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin",
            Cifar10.TEST_FILE
        }) {
            byte[] bytes = new byte[perFile * 3073];
            r.nextBytes(bytes);
            for (int i = 0; i < perFile; i++) {
                bytes[i * 3073] = (byte) r.nextInt(10);
            }
            Files.write(data.resolve(name), bytes);
        }
        Files.writeString(
                data.resolve(Cifar10.META_FILE),
                "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
        return data;
    }

    private String run(Path data, Path out, int epochs, String... extra) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[] {
            "--data",
            data.toString(),
            "--recipe",
            "airbench",
            "--epochs",
            Integer.toString(epochs),
            "--batch-size",
            "8",
            "--no-progress",
            "--output",
            out.toString(),
            "--seed",
            "4"
        };
        String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(extra)).toArray(String[]::new);
        int code = Cifar10Cnn.run(
                all,
                new PrintStream(text, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aShortRunTrainsScoresAndWritesItsReport() throws Exception {
        Path data = tinyCifar(8);
        Path out = dir.resolve("run");
        String text = run(data, out, 2, "--limit-batches", "2");
        assertTrue(text.contains("Non-trainable params: 3,744"), text);
        assertTrue(text.contains("(8 test images, 6 views each; one view: "), text);
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"recipe\": \"airbench\""), summary);
        assertTrue(summary.contains("\"batch_size\": 8"), summary);
        assertTrue(summary.contains("\"val_split\": 0"), summary);
        for (String file : new String[] {"history.csv", "model.safetensors", "curves.png", "confusion.csv"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
    }

    @Test
    void aRunResumedFromItsCheckpointEndsWithTheSameWeights() throws Exception {
        Path data = tinyCifar(8);
        Path whole = dir.resolve("whole");
        run(data, whole, 2, "--limit-batches", "2");
        Path checkpoint = dir.resolve("ckpt.safetensors");
        Path first = dir.resolve("first");
        run(data, first, 2, "--limit-batches", "2", "--checkpoint", checkpoint.toString(), "--stop-after", "1");
        assertTrue(
                Files.readString(first.resolve("history.csv")).strip().split("\n").length == 2,
                "stopped after epoch 1");
        Path resumed = dir.resolve("resumed");
        run(data, resumed, 2, "--limit-batches", "2", "--checkpoint", checkpoint.toString());
        assertEquals(
                -1,
                Files.mismatch(whole.resolve("model.safetensors"), resumed.resolve("model.safetensors")),
                "model.safetensors of the resumed run differs from the uninterrupted one");
    }
}
