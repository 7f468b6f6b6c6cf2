package dev.tauon.nn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The file a fuzz target hands its reader: one temporary file per JVM, rewritten with each input,
 * and the count of descriptors open on it, to show a reader closes what it opens
 * also when it fails.
 */
final class FuzzedFile {
    private static final Path FILE = create();

    private FuzzedFile() {}

    private static Path create() {
        try {
            Path dir = Files.createTempDirectory("tauon-fuzz");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("input.safetensors");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file, now holding {@code bytes}. */
    static Path of(byte[] bytes) throws IOException {
        return Files.write(FILE, bytes);
    }

    /**
     * How many of this process's file descriptors are open on {@code file} (Linux: the links in
     * /proc/self/fd). Counting only these, not all descriptors, keeps the files the fuzzer and the
     * test framework open and close meanwhile out of the count.
     */
    static long openDescriptors(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(file);
                        } catch (IOException e) {
                            return false; // closed since the listing, or the listing's own descriptor
                        }
                    })
                    .count();
        }
    }
}
