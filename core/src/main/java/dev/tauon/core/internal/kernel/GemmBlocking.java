package dev.tauon.core.internal.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache blocks of {@link PackedGemm} on this machine: how many rows of A ({@link #MC}) and
 * columns of B ({@link #NC}) one packed block holds, from the caches {@link CacheSizes#host()}
 * reports. Neither decides the order in which a C element is summed (only {@link PackedGemm#KC}
 * does, and it is a constant), so results are the same bits on every machine; only speed follows the
 * caches.
 *
 * <p>The rules: the packed A block ({@code mc x KC} floats) takes about a tenth of one core's L2,
 * leaving the rest to the B block's panels streaming through and to C; the packed B block
 * ({@code KC x nc}) about an eighth of one core's share of L3, as VMs may report the whole
 * host's L3 to each guest. On the AMD EPYC host these give the constants measured there before (96
 * and 2048). {@code -Dtauon.gemm.mc=N} and
 * {@code -Dtauon.gemm.nc=N} override them, for measuring other choices.
 */
public final class GemmBlocking {
    private static final Logger LOG = LoggerFactory.getLogger(GemmBlocking.class);

    /** mc is a multiple of this: the register-block heights of the providers (8 or 6, and 4) divide it. */
    static final int MC_STEP = 24;

    /** nc is a multiple of this: the column-panel widths of the providers (32 with AVX-512, 16 with AVX2, 4) divide it. */
    static final int NC_STEP = 64;

    static final int MIN_MC = 48;
    static final int MAX_MC = 504;
    static final int MIN_NC = 512;
    /** A B block of 4 MiB at most: a VM may report its host's whole L3 (480 MiB on the Intel host). */
    static final int MAX_NC = 4096;

    /**
     * A block of A is read where it lies, not packed, when the B block has at most this many column
     * panels (each panel reads the whole A block once): packing pays for a copy of A that a thin
     * product, such as a convolution's weight gradient, reads only a few times. Measured on the
     * Intel host (docs/performance.md): conv1's weight gradient (one panel) 1.3x faster in place, no
     * change at 9 to 18 panels, 10-15% slower at 72 (res256x8, where the packed copy is read 72
     * times); hence a few panels. {@code -Dtauon.gemm.unpackedAPanels=N} overrides it. Results are
     * the same bits either way.
     */
    static final int UNPACKED_A_MAX_PANELS = Integer.getInteger("tauon.gemm.unpackedAPanels", 4);

    /** Rows of A per packed block on this machine. */
    static final int MC;

    /** Columns of B per packed block on this machine. */
    static final int NC;

    static {
        CacheSizes caches = CacheSizes.host();
        MC = Integer.getInteger("tauon.gemm.mc", mcFor(caches.l2()));
        NC = Integer.getInteger("tauon.gemm.nc", ncFor(caches.l3PerCore()));
        if (MC < 1 || NC < 1) {
            throw new IllegalArgumentException(
                    "GEMM block sizes must be positive, got tauon.gemm.mc=" + MC + ", tauon.gemm.nc=" + NC);
        }
        LOG.debug(
                "GEMM blocks: {} rows of A, {} columns of B, {} deep; caches {}",
                MC,
                NC,
                PackedGemm.KC,
                caches.describe());
    }

    private GemmBlocking() {}

    /** Rows of A whose packed block is about a tenth of {@code l2} bytes. */
    static int mcFor(long l2) {
        long rows = l2 / 10 / (PackedGemm.KC * (long) Float.BYTES);
        return (int) clamp(rows / MC_STEP * MC_STEP, MIN_MC, MAX_MC);
    }

    /** Columns of B whose packed block is about an eighth of {@code l3PerCore} bytes (the default's if 0). */
    static int ncFor(long l3PerCore) {
        long bytes = l3PerCore > 0 ? l3PerCore : CacheSizes.DEFAULT.l3PerCore();
        long columns = bytes / 8 / (PackedGemm.KC * (long) Float.BYTES);
        return (int) clamp(columns / NC_STEP * NC_STEP, MIN_NC, MAX_NC);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
