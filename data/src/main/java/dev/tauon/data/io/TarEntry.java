package dev.tauon.data.io;

import dev.tauon.core.io.Excerpt;

/**
 * A regular file in a tar archive.
 *
 * @param name       full path inside the archive, e.g. {@code cifar-10-batches-bin/test_batch.bin}
 * @param size       data length in bytes, as the header claims it (not yet checked against the data)
 * @param dataOffset offset of the data within the uncompressed tar stream
 */
public record TarEntry(String name, long size, long dataOffset) {

    /**
     * {@code archive!name}, naming this entry in errors: the name as it is when {@link Excerpt} would
     * show it whole (short, no control characters), else as Excerpt quotes it, so that a damaged
     * 600 KB long name cannot make a 600 KB message.
     */
    public String source(String archive) {
        String quoted = Excerpt.of(name);
        return archive + "!" + (quoted.equals("\"" + name + "\"") ? name : quoted);
    }

    /** The last path component: {@code test_batch.bin} for {@code cifar-10-batches-bin/test_batch.bin}. */
    public String baseName() {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
