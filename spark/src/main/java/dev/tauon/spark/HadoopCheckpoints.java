package dev.tauon.spark;

import dev.tauon.nn.train.Checkpoint;
import dev.tauon.nn.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Tauon checkpoints ({@link Checkpoint}, one safetensors file) in a folder on any Hadoop file
 * system: {@code epoch-0003.safetensors} after epoch 3. Each is written under a temporary name and
 * renamed, which is atomic on HDFS and local files, so a folder never holds half a checkpoint; the
 * newest complete one is what a run resumes from, and the one before it is kept.
 */
final class HadoopCheckpoints {
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.safetensors");
    private static final int KEEP = 2;

    private final Path dir;
    private final Configuration conf;

    HadoopCheckpoints(String dir, Configuration conf) {
        this.dir = new Path(dir);
        this.conf = conf;
    }

    /** Writes the trainer's state after {@code epoch} completed epochs, and drops all but the newest two. */
    void save(Trainer trainer, int epoch) {
        java.nio.file.Path local = null;
        try {
            local = Files.createTempFile("tauon-checkpoint", ".safetensors");
            Checkpoint.save(local, trainer, epoch);
            FileSystem fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
            Path tmp = new Path(dir, "." + name(epoch) + ".tmp");
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
            Path target = new Path(dir, name(epoch));
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
            for (FileStatus f : fs.listStatus(dir)) {
                int e = epochOf(f.getPath().getName());
                if (e >= 0 && e <= epoch - KEEP) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "DataParallelTrainer: cannot write the checkpoint of epoch " + epoch + " to " + dir + ": "
                            + e.getMessage(),
                    e);
        } finally {
            deleteQuietly(local);
        }
    }

    /** Restores the newest checkpoint into the trainer and returns its epoch, or empty if the folder has none. */
    OptionalInt restoreLatest(Trainer trainer) {
        java.nio.file.Path local = null;
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return OptionalInt.empty();
            }
            int latest = -1;
            for (FileStatus f : fs.listStatus(dir)) {
                latest = Math.max(latest, epochOf(f.getPath().getName()));
            }
            if (latest < 0) {
                return OptionalInt.empty();
            }
            local = Files.createTempFile("tauon-checkpoint", ".safetensors");
            fs.copyToLocalFile(false, new Path(dir, name(latest)), new Path(local.toUri()), true);
            return OptionalInt.of(Checkpoint.restore(local, trainer));
        } catch (IOException e) {
            throw new UncheckedIOException("DataParallelTrainer: cannot resume from " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(local);
        }
    }

    private static String name(int epoch) {
        return String.format("epoch-%04d.safetensors", epoch);
    }

    private static int epochOf(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A leftover temporary file is harmless.
            }
        }
    }
}
