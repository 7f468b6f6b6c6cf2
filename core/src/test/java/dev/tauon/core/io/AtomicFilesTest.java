package dev.tauon.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void writesThroughATemporarySiblingAndLeavesNothingElse(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("sub/summary.json");
        AtomicFiles.writeString(target, "{\"a\": 1}");
        AtomicFiles.writeString(target, "{\"a\": 2}");
        assertEquals("{\"a\": 2}", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void aFailedRenameLeavesTheTargetAsItWasAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        // The target is a folder with something in it: the rename fails after the temporary file is written.
        Path target = dir.resolve("blocked");
        Path inside = Files.writeString(Files.createDirectories(target).resolve("kept.txt"), "old");
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "new"));
        assertEquals("old", Files.readString(inside));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "the temporary sibling was removed");
        }
    }

    /** Files.createTempFile makes owner-only files (rw-------); a rename would carry that to the result. */
    @Test
    void writtenFilesGetTheSamePermissionsAsAnyNewFile(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path atomic = dir.resolve("atomic");
        AtomicFiles.write(atomic, new byte[] {1, 2, 3});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        assertEquals(
                Files.getPosixFilePermissions(plain),
                Files.getPosixFilePermissions(AtomicFiles.createSibling(dir.resolve("x"), ".part")));
    }
}
