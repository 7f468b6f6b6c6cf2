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
  void aFailedWriteKeepsTheOldFileAndRemovesTheTemporaryOne(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("weights.bin");
    AtomicFiles.writeString(target, "old");
    // A directory where the rename must put a file: the move fails after the temporary file is written.
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked.resolve("child"));
    assertThrows(IOException.class, () -> AtomicFiles.writeString(blocked, "new"));
    assertEquals("old", Files.readString(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count(), "only weights.bin and the directory remain");
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
    assertEquals(Files.getPosixFilePermissions(plain),
        Files.getPosixFilePermissions(AtomicFiles.createSibling(dir.resolve("x"), ".part")));
  }
}
