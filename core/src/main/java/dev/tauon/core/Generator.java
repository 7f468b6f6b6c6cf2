package dev.tauon.core;

import java.util.Arrays;

/**
 * A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64): the same seed gives
 * the same bits on every JVM. Its whole state can be read and restored, which is what a training
 * checkpoint needs to resume a run exactly.
 *
 * <p>Not thread-safe: give each thread its own.
 */
public final class Generator {
    private final long[] s = new long[4];

    /** A generator whose whole sequence is fixed by {@code seed}. */
    public Generator(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            s[i] = mix(x);
        }
    }

    /**
     * SplitMix64's finaliser: a bijection of 64-bit values that scatters neighbouring inputs, for
     * deriving the seeds of streams that must not be correlated (one per epoch, one per block).
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1), with 24 random bits (every float of that form equally likely). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1), with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), unbiased (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A standard normal sample (Box-Muller; one of the pair is discarded so the state stays four longs). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A copy of the state, for checkpoints. */
    public long[] state() {
        return s.clone();
    }

    /** Restores a state previously taken with {@link #state()}. */
    public void setState(long[] state) {
        checkState(state);
        System.arraycopy(state, 0, s, 0, 4);
    }

    /** Fails unless {@code state} can be a generator's state: 4 longs, not all zero (xoshiro's one fixed point). */
    public static void checkState(long[] state) {
        if (state.length != 4 || Arrays.equals(state, new long[4])) {
            throw new IllegalArgumentException("generator: state must be 4 longs, not all zero; got "
                    + (state.length > 4 ? state.length + " longs" : Arrays.toString(state)));
        }
    }
}
