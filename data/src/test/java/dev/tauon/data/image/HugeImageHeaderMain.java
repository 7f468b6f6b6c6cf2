package dev.tauon.data.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Run by {@link HugeImageHeaderTest} in a JVM with a small heap: writes a tiny PNG whose header
 * claims {@code <width>x<height>} 8-bit RGB pixels, decodes it, and prints what happened.
 */
public final class HugeImageHeaderMain {
    private HugeImageHeaderMain() {}

    /** A valid PNG header and a few bytes of pixel data, for an image far larger than those bytes. */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(width);
        d.writeInt(height);
        d.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, no filter method, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1000]);
        deflater.finish();
        byte[] idat = new byte[100];
        chunk(out, "IDAT", Arrays.copyOf(idat, deflater.deflate(idat)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    public static void main(String[] args) throws IOException {
        Path file = Files.createTempFile("huge", ".png");
        try {
            Files.write(file, png(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
            ImageDecoder.read(file);
            System.out.println("decoded");
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage().replace(file.toString(), "FILE"));
        } finally {
            Files.delete(file);
        }
    }
}
