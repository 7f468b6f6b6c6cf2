package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link Cifar10#load} on an archive, records and class names included,
 * under the contract of {@link FuzzedFile}: a dataset that loads has ten class names and every
 * label in range. The seed is a complete archive (GNU tar, gzip) with two records a batch, in
 * {@code src/test/resources/dev/tauon/data/Cifar10FuzzTestInputs/load}.
 */
class Cifar10FuzzTest {
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void load(byte[] bytes) throws IOException {
        FuzzedFile.check(bytes, "cifar-10-binary.tar.gz", file -> {
            Cifar10 data = Cifar10.load(file);
            assertEquals(10, data.classNames().size());
            for (RecordSet split : new RecordSet[] {data.train(), data.test()}) {
                for (int i = 0; i < split.size(); i++) {
                    assertTrue(split.label(i) >= 0 && split.label(i) < 10);
                }
            }
        });
    }
}
