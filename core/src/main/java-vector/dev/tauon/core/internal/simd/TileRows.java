package dev.tauon.core.internal.simd;

import jdk.incubator.vector.FloatVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many rows the Vector API provider's register tiles have on this machine: 8 where the
 * preferred vector is 64 bytes (AVX-512, which has 32 vector registers), 6 otherwise (AVX2 has 16;
 * {@link EightRowTiles} says why 8 rows do not fit there). {@code -Dtauon.simd.tileRows=6} or
 * {@code 8} overrides it, for measuring and testing (any other value is logged and ignored). The
 * choice changes speed only: each C element is summed in the same order whatever the tile height.
 */
final class TileRows {
    private static final Logger LOG = LoggerFactory.getLogger(TileRows.class);

    /** The property that overrides the choice. */
    static final String PROPERTY = "tauon.simd.tileRows";

    private TileRows() {}

    /** The tile height for this machine, or the one {@link #PROPERTY} names. */
    static int forThisMachine() {
        int machine = FloatVector.SPECIES_PREFERRED.vectorByteSize() >= 64 ? 8 : 6;
        String forced = System.getProperty(PROPERTY);
        if (forced == null) {
            return machine;
        }
        return switch (forced.trim()) {
            case "6" -> 6;
            case "8" -> 8;
            default -> {
                LOG.warn("Ignoring -D{}={} (expected 6 or 8); using {}", PROPERTY, forced, machine);
                yield machine;
            }
        };
    }

    /** {@code rows}, if the provider has tiles of that height. */
    static int check(int rows) {
        if (rows != 6 && rows != 8) {
            throw new IllegalArgumentException(
                    "register tiles have 6 or 8 rows, not " + rows + " (-D" + PROPERTY + ")");
        }
        return rows;
    }
}
