package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link IdxFile#read} (plain and gzip) under the contract of
 * {@link FuzzedFile}: a file that reads has as many values as its dimensions multiply to, and
 * exactly as many bytes as those values take after the header.
 */
class IdxFileFuzzTest {
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void read(byte[] bytes) throws IOException {
        FuzzedFile.check(bytes, "input-idx", file -> {
            IdxFile idx = IdxFile.read(file);
            long count = 1;
            for (int d : idx.dims()) {
                count *= d;
            }
            assertEquals(count, idx.size());
            boolean gzip = bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b;
            if (!gzip) {
                assertEquals(
                        bytes.length,
                        4 + 4L * idx.dims().length + count * idx.type().bytes());
            }
            for (int i = 0; i < idx.size(); i++) {
                idx.floatValue(i);
            }
        });
    }
}
