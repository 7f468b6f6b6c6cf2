package dev.tauon.core.internal.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The data caches one core of this machine has, read at start-up from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache} (each {@code index*} directory's {@code level},
 * {@code type}, {@code size} and {@code shared_cpu_list}), or {@link #DEFAULT} where that cannot be
 * read (another OS, a container hiding sysfs, a malformed file). GEMM's block sizes follow them
 * ({@link GemmBlocking}); they never change a result's bits, only its speed.
 *
 * @param l1Data    bytes of level-1 data cache of one core
 * @param l2        bytes of level-2 cache of one core
 * @param l3PerCore bytes of level-3 cache divided by the CPUs that share it (0 if there is none)
 * @param source    where the figures came from, for the start-up log
 */
public record CacheSizes(long l1Data, long l2, long l3PerCore, String source) {

    /** What a machine of the last decade has at least: 32 KiB L1d, 1 MiB L2, 2 MiB of L3 a core. */
    public static final CacheSizes DEFAULT = new CacheSizes(32 << 10, 1 << 20, 2 << 20, "default");

    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** This machine's caches, read once. */
    public static CacheSizes host() {
        return Host.SIZES;
    }

    private static final class Host {
        static final CacheSizes SIZES = read(SYSFS);
    }

    /**
     * The caches described under {@code dir} (sysfs's layout), or {@link #DEFAULT} with the reason in
     * its {@link #source} when a level-1 data or level-2 cache is missing or a file does not parse.
     */
    static CacheSizes read(Path dir) {
        long l1 = 0;
        long l2 = 0;
        long l3 = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path index : (Iterable<Path>) entries.sorted()::iterator) {
                if (!index.getFileName().toString().startsWith("index")) {
                    continue;
                }
                String type = Files.readString(index.resolve("type")).trim();
                if (type.equals("Instruction")) {
                    continue;
                }
                int level = Integer.parseInt(
                        Files.readString(index.resolve("level")).trim());
                long size = parseSize(Files.readString(index.resolve("size")).trim(), index);
                int sharing = cpuCount(readOr(index.resolve("shared_cpu_list"), "0"), index);
                switch (level) {
                    case 1 -> l1 = size;
                    case 2 -> l2 = size;
                    case 3 -> l3 = size / sharing;
                    default -> {}
                }
            }
        } catch (IOException | RuntimeException e) {
            return withSource(DEFAULT, "default (" + dir + " unreadable: " + e.getMessage() + ")");
        }
        if (l1 == 0 || l2 == 0) {
            return withSource(DEFAULT, "default (" + dir + " lists no level-1 data or level-2 cache)");
        }
        return new CacheSizes(l1, l2, l3, dir.toString());
    }

    /** sysfs sizes: {@code 48K}, {@code 2048K}, {@code 1M}, or plain bytes. */
    static long parseSize(String text, Path where) {
        String t = text.toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1 << 10;
        } else if (t.endsWith("M")) {
            unit = 1 << 20;
        } else if (t.endsWith("G")) {
            unit = 1 << 30;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long size = Long.parseLong(digits) * unit;
            if (size <= 0) {
                throw new NumberFormatException("not positive");
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where.resolve("size") + ": cache size '" + text + "' is not a size");
        }
    }

    /** CPUs in a list such as {@code 0-1}, {@code 0,2,4} or {@code 0-3,8-11}. */
    static int cpuCount(String list, Path where) {
        int count = 0;
        try {
            for (String part : list.trim().split(",")) {
                int dash = part.indexOf('-');
                count += dash < 0
                        ? 1
                        : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where.resolve("shared_cpu_list") + ": '" + list + "' is not a CPU list");
        }
        if (count < 1) {
            throw new IllegalArgumentException(where.resolve("shared_cpu_list") + ": '" + list + "' lists no CPU");
        }
        return count;
    }

    private static String readOr(Path file, String fallback) throws IOException {
        return Files.exists(file) ? Files.readString(file) : fallback;
    }

    private static CacheSizes withSource(CacheSizes s, String source) {
        return new CacheSizes(s.l1Data, s.l2, s.l3PerCore, source);
    }

    /** {@code L1d 48 KiB, L2 2048 KiB, L3 245760 KiB a core (from ...)}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "L1d %d KiB, L2 %d KiB, L3 %d KiB a core (from %s)",
                l1Data >> 10,
                l2 >> 10,
                l3PerCore >> 10,
                source);
    }
}
