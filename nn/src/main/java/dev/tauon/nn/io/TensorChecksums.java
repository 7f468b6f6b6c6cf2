package dev.tauon.nn.io;

import dev.tauon.core.io.Excerpt;
import java.util.Locale;

/**
 * The checksum entries of a safetensors header's {@code __metadata__}: key
 * {@link SafeTensors#CHECKSUM_PREFIX} and the tensor's name, value the CRC32C of the tensor's
 * little-endian bytes as eight hex digits.
 */
final class TensorChecksums {
    private TensorChecksums() {}

    static String key(String tensorName) {
        return SafeTensors.CHECKSUM_PREFIX + tensorName;
    }

    static String hex(int crc32c) {
        return String.format(Locale.ROOT, "%08x", crc32c);
    }

    /** The CRC32C that {@code value} (of metadata key {@code key}, at {@code valueAt}) states. */
    static int parse(HeaderJson json, long valueAt, String key, String value) throws WeightFileException {
        boolean hex = value.length() == 8;
        for (int i = 0; hex && i < 8; i++) {
            hex = HeaderJson.hexDigit(value.charAt(i)) >= 0;
        }
        if (!hex) {
            throw json.malformed(
                    valueAt, "checksum " + Excerpt.of(key) + " is " + Excerpt.of(value) + ", not eight hex digits");
        }
        return Integer.parseUnsignedInt(value, 16);
    }
}
