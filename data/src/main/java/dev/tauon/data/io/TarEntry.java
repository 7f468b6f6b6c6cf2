package dev.tauon.data.io;

/**
 * A regular file in a tar archive.
 *
 * @param name       full path inside the archive, e.g. {@code cifar-10-batches-bin/test_batch.bin}
 * @param size       data length in bytes, as the header claims it (not yet checked against the data)
 * @param dataOffset offset of the data within the uncompressed tar stream
 */
public record TarEntry(String name, long size, long dataOffset) {

    /** The last path component: {@code test_batch.bin} for {@code cifar-10-batches-bin/test_batch.bin}. */
    public String baseName() {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
