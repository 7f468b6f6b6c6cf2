package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSizesTest {

    @TempDir
    Path dir;

    private void index(int i, int level, String type, String size, String shared) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        if (shared != null) {
            Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
        }
    }

    @Test
    void readsTheIntelHostsLayout() throws IOException {
        index(0, 1, "Data", "48K", "0");
        index(1, 1, "Instruction", "64K", "0");
        index(2, 2, "Unified", "2048K", "0");
        index(3, 3, "Unified", "491520K", "0-1");
        CacheSizes c = CacheSizes.read(dir);
        assertEquals(48 << 10, c.l1Data());
        assertEquals(2 << 20, c.l2());
        assertEquals(240L << 20, c.l3PerCore());
        assertEquals(dir.toString(), c.source());
    }

    @Test
    void dividesL3BetweenEveryCpuOfItsList() throws IOException {
        index(0, 1, "Data", "32K", null);
        index(2, 2, "Unified", "1M", "3");
        index(3, 3, "Unified", "32M", "0-3,8-11");
        CacheSizes c = CacheSizes.read(dir);
        assertEquals(4L << 20, c.l3PerCore());
        assertEquals(1 << 20, c.l2());
    }

    @Test
    void noL3IsZero() throws IOException {
        index(0, 1, "Data", "32K", "0");
        index(1, 2, "Unified", "512K", "0");
        assertEquals(0, CacheSizes.read(dir).l3PerCore());
    }

    @Test
    void missingOrMalformedFilesFallBackToTheDefaultAndSayWhy() throws IOException {
        CacheSizes missing = CacheSizes.read(dir.resolve("absent"));
        assertEquals(CacheSizes.DEFAULT.l2(), missing.l2());
        assertTrue(missing.source().contains("absent"), missing.source());

        index(0, 1, "Data", "32K", "0");
        CacheSizes noL2 = CacheSizes.read(dir);
        assertEquals(CacheSizes.DEFAULT.l2(), noL2.l2());
        assertTrue(noL2.source().contains("no level-1 data or level-2"), noL2.source());

        index(1, 2, "Unified", "lots", "0");
        CacheSizes bad = CacheSizes.read(dir);
        assertEquals(CacheSizes.DEFAULT.l1Data(), bad.l1Data());
        assertTrue(bad.source().contains("index1") && bad.source().contains("'lots'"), bad.source());
    }

    @Test
    void parsesSysfsSizesAndCpuLists() {
        Path p = Path.of("x");
        assertEquals(48 << 10, CacheSizes.parseSize("48K", p));
        assertEquals(1 << 20, CacheSizes.parseSize("1M", p));
        assertEquals(4096, CacheSizes.parseSize("4096", p));
        assertThrows(IllegalArgumentException.class, () -> CacheSizes.parseSize("0K", p));
        assertThrows(IllegalArgumentException.class, () -> CacheSizes.parseSize("K", p));
        assertEquals(1, CacheSizes.cpuCount("0", p));
        assertEquals(2, CacheSizes.cpuCount("0-1", p));
        assertEquals(3, CacheSizes.cpuCount("0,2,4", p));
        assertEquals(8, CacheSizes.cpuCount("0-3,8-11", p));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CacheSizes.cpuCount("0-x", p));
        assertTrue(e.getMessage().contains("shared_cpu_list"), e.getMessage());
    }

    @Test
    void thisMachinesCachesArePlausible() {
        CacheSizes c = CacheSizes.host();
        assertTrue(c.l1Data() >= 8 << 10 && c.l2() >= c.l1Data(), c.describe());
    }
}
