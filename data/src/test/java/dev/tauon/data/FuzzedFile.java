package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What every fuzz target of a dataset reader checks around one input: the bytes go into a
 * temporary file (one per JVM, rewritten each time), the reader runs on it, and it either returns
 * (the target then checks the result's invariants) or throws a {@link DatasetFormatException} that
 * names the file, quoting at most a short excerpt of it; no other exception, and every file
 * descriptor it opened closed again, also when it fails.
 */
public final class FuzzedFile {
    private static final Path DIR = createDirectory();

    /** A reader of a file, with the checks of its result. */
    @FunctionalInterface
    public interface Reader {
        void read(Path file) throws IOException;
    }

    private FuzzedFile() {}

    private static Path createDirectory() {
        try {
            Path dir = Files.createTempDirectory("tauon-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The temporary folder the fuzzed files go into, one per JVM, for targets that make their own. */
    public static Path directory() {
        return DIR;
    }

    /** Writes {@code bytes} to a file called {@code name} and checks the contract of {@code reader} on it. */
    public static void check(byte[] bytes, String name, Reader reader) throws IOException {
        Path file = Files.write(DIR.resolve(name), bytes);
        file.toFile().deleteOnExit();
        long open = openDescriptors(file);
        try {
            reader.read(file);
        } catch (DatasetFormatException e) {
            String message = e.getMessage();
            assertTrue(e.source().startsWith(file.toString()), "source " + e.source());
            assertTrue(message.startsWith(file.toString()), message);
            assertTrue(message.length() < file.toString().length() + 1200, "message of " + message.length() + " chars");
            assertTrue(
                    message.chars().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\n'),
                    "control character in: " + message);
        } finally {
            assertEquals(open, openDescriptors(file), "descriptors open on the file before and after reading");
        }
    }

    /**
     * How many of this process's file descriptors are open on {@code file} (Linux: the links in
     * /proc/self/fd). Counting only these, not all descriptors, keeps the files the fuzzer and the
     * test framework open and close meanwhile out of the count.
     */
    public static long openDescriptors(Path file) throws IOException {
        return openDescriptors(file::equals);
    }

    /** How many of this process's file descriptors are open on a path that {@code opened} accepts. */
    public static long openDescriptors(Predicate<Path> opened) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return opened.test(Files.readSymbolicLink(fd));
                        } catch (IOException e) {
                            return false; // closed since the listing, or the listing's own descriptor
                        }
                    })
                    .count();
        }
    }
}
