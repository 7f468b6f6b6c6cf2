package dev.tauon.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Synthetic datasets with known pixel patterns, and a small tar writer to package them. */
final class TestData {
    static final String META = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";

    private TestData() {}

    /** The pixel every synthetic record {@code r} has at (c, y, x): distinct per position and record. */
    static int pixel(int r, int c, int y, int x) {
        return (r * 7 + c * 85 + y * 5 + x * 3) & 0xFF;
    }

    static int label(int r, int numClasses) {
        return (r * 3) % numClasses;
    }

    /** {@code n} records numbered from {@code first}, in the {@link RecordFormat} layout. */
    static byte[] records(RecordFormat f, int first, int n) {
        byte[] block = new byte[n * f.recordBytes()];
        for (int i = 0; i < n; i++) {
            int r = first + i;
            int off = i * f.recordBytes();
            block[off] = (byte) label(r, f.numClasses());
            for (int c = 0; c < f.channels(); c++) {
                for (int y = 0; y < f.height(); y++) {
                    for (int x = 0; x < f.width(); x++) {
                        block[off + 1 + (c * f.height() + y) * f.width() + x] = (byte) pixel(r, c, y, x);
                    }
                }
            }
        }
        return block;
    }

    /**
     * The files of a CIFAR-10 folder with {@code perFile} records per batch file; training records
     * are numbered 0.. across the five files, test records from 100,000.
     */
    static Map<String, byte[]> cifarFiles(int perFile) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            files.put(Cifar10.TRAIN_FILES.get(i), records(Cifar10.FORMAT, i * perFile, perFile));
        }
        files.put(Cifar10.TEST_FILE, records(Cifar10.FORMAT, 100_000, perFile));
        files.put(Cifar10.META_FILE, META.getBytes(StandardCharsets.US_ASCII));
        return files;
    }

    static Path writeFolder(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    /** The files as a tar archive under {@code cifar-10-batches-bin/}, in the given order. */
    static byte[] cifarTar(Map<String, byte[]> files) throws IOException {
        Tar tar = new Tar();
        tar.directory(Cifar10.FOLDER + "/");
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            tar.file(Cifar10.FOLDER + "/" + e.getKey(), e.getValue());
        }
        return tar.finish();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A minimal ustar writer, enough to build test archives byte by byte. */
    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar file(String name, byte[] data) {
            return entry(name, '0', data, data.length);
        }

        Tar directory(String name) {
            return entry(name, '5', new byte[0], 0);
        }

        /** An entry whose header claims {@code claimedSize} bytes, followed by {@code data} padded to a block. */
        Tar entry(String name, char type, byte[] data, long claimedSize) {
            out.writeBytes(header(name, type, claimedSize));
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        Tar raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] finish() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        /** Without the end-of-archive blocks. */
        byte[] unfinished() {
            return out.toByteArray();
        }

        static byte[] header(String name, char type, long size) {
            byte[] h = new byte[512];
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            if (n.length > 100) {
                throw new IllegalArgumentException("test tar: name longer than 100 bytes: " + name);
            }
            System.arraycopy(n, 0, h, 0, n.length);
            octal(h, 100, 8, 0644);
            octal(h, 108, 8, 0);
            octal(h, 116, 8, 0);
            octal(h, 124, 12, size);
            octal(h, 136, 12, 1_700_000_000L);
            h[156] = (byte) type;
            System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
            h[263] = '0';
            h[264] = '0';
            int sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : h[i] & 0xFF;
            }
            octal(h, 148, 7, sum);
            h[155] = ' ';
            return h;
        }

        private static void octal(byte[] h, int off, int len, long value) {
            String s = Long.toOctalString(value);
            String padded = "0".repeat(len - 1 - s.length()) + s;
            System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
            h[off + len - 1] = 0;
        }
    }
}
