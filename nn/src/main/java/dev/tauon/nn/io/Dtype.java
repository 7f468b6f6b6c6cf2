package dev.tauon.nn.io;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * The safetensors dtypes Tauon reads, each with its element size and its conversion to float: F32
 * and I8 are Tauon's own; F64, F16, BF16, I64 and I32 appear in PyTorch state dicts and are read by
 * {@link PyTorchStateDict} only, converted as torch's {@code .float()} converts them.
 */
enum Dtype {
    F32(4),
    I8(1),
    F64(8),
    F16(2),
    BF16(2),
    I64(8),
    I32(4);

    /** What Tauon's own files hold; I8 only in a quantised model's. */
    static final Set<Dtype> TAUON = EnumSet.of(F32);

    static final Set<Dtype> TAUON_INT8 = EnumSet.of(F32, I8);
    /** What a PyTorch state dict may hold, every one read as float. */
    static final Set<Dtype> PYTORCH = EnumSet.of(F32, F64, F16, BF16, I64, I32);

    /** The bytes of one element. */
    final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    /** The dtype written as {@code name} in a header, or null if Tauon knows none such. */
    static Dtype named(String name) {
        for (Dtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Whether the values are integers (read as float, but no weights). */
    boolean integer() {
        return this == I8 || this == I64 || this == I32;
    }

    /**
     * Converts {@code n} little-endian elements of {@code in}, from its position on (which does not
     * move), to floats at {@code out[at...]}: rounded to nearest as a Java cast (and torch) rounds.
     */
    void toFloats(ByteBuffer in, float[] out, int at, int n) {
        int p = in.position();
        switch (this) {
            case F32 -> in.asFloatBuffer().get(out, at, n);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (float) in.getDouble(p + 8 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = halfToFloat(in.getShort(p + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = Float.intBitsToFloat((in.getShort(p + 2 * i) & 0xffff) << 16);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (float) in.getLong(p + 8 * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (float) in.getInt(p + 4 * i);
                }
            }
            case I8 -> throw new IllegalStateException("I8 tensors are read as bytes");
        }
    }

    /**
     * An IEEE half-precision value as float, exactly (every half is a float): what
     * {@code Float.float16ToFloat} does from JDK 20 on, written out for Java 17. Subnormals, infinities
     * and NaNs (payload kept, made quiet) included.
     */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) { // a NaN comes out quiet, as from the JDK's method and x86's F16C conversion
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13 | (mantissa == 0 ? 0 : 0x400000));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in a float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
    }
}
