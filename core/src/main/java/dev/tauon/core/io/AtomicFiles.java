package dev.tauon.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Files written under a temporary name beside their target, then renamed into place: a crash or a
 * failed write never leaves half a file under the real name, and an old file stays whole until
 * the new one replaces it.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /**
     * A new empty file in {@code target}'s folder (created if missing), named after the target with
     * a random part and {@code suffix}. It gets the permissions any new file gets (the umask's),
     * unlike {@code Files.createTempFile}'s owner-only ones, which the rename would carry over to
     * weights and downloads other users are meant to read.
     */
    public static Path createSibling(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        while (true) {
            Path candidate =
                    dir.resolve(target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // 64 random bits collided: draw again
            }
        }
    }

    /** Renames {@code temp} to {@code target}, replacing it, atomically where the file system can. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Writes {@code content} to {@code target} through a temporary sibling, forced to the disk
     * before the rename so that a power cut cannot leave an empty file under the real name.
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = createSibling(target, ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code content} as UTF-8 to {@code target} through a temporary sibling. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }
}
