package dev.tauon.onnx;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, read from a byte array that may be hostile: every length is checked
 * against the bytes that remain before anything is allocated, varints are at most 10 bytes, and
 * nested messages are at most {@link #MAX_DEPTH} deep, so a damaged file gives an
 * {@link OnnxFormatException} with the byte offset, never an OutOfMemoryError or a hang.
 */
final class ProtoReader {
    /** Deeper than any message the ONNX reader descends into (ModelProto to a shape dimension is 6). */
    static final int MAX_DEPTH = 16;

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private final int end;
    private final int depth;
    private final String source;
    private int pos;
    private int fieldStart;

    ProtoReader(byte[] buf, String source) {
        this(buf, 0, buf.length, 0, source);
    }

    private ProtoReader(byte[] buf, int start, int end, int depth, String source) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.depth = depth;
        this.source = source;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** Reads a field's key; returns it as {@code field << 3 | wireType}. */
    int tag() throws OnnxFormatException {
        fieldStart = pos;
        long key = varint();
        int wireType = (int) (key & 7);
        long field = key >>> 3;
        if (field < 1 || field > 0x1FFFFFFF) {
            throw error(fieldStart, "bad field number " + field);
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw error(
                    fieldStart,
                    "field " + field + " has wire type " + wireType
                            + ", which is not used by ONNX (groups are not supported)");
        }
        return (int) key;
    }

    static int field(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    long varint() throws OnnxFormatException {
        int start = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw error(start, "the data ends inside a number");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw error(start, "a number is longer than 10 bytes");
    }

    int fixed32() throws OnnxFormatException {
        require(4, "a 4-byte value");
        int v = (buf[pos] & 0xFF)
                | (buf[pos + 1] & 0xFF) << 8
                | (buf[pos + 2] & 0xFF) << 16
                | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    float float32() throws OnnxFormatException {
        return Float.intBitsToFloat(fixed32());
    }

    /** A length-delimited field's contents as a reader of their own, one level deeper. */
    ProtoReader message(String what) throws OnnxFormatException {
        int length = length(what);
        if (depth + 1 > MAX_DEPTH) {
            throw error(fieldStart, what + " is nested more than " + MAX_DEPTH + " messages deep");
        }
        ProtoReader inner = new ProtoReader(buf, pos, pos + length, depth + 1, source);
        pos += length;
        return inner;
    }

    byte[] bytes(String what) throws OnnxFormatException {
        int length = length(what);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return b;
    }

    /** A length-delimited field's position and length, skipped over: for data read in place. */
    int[] span(String what) throws OnnxFormatException {
        int length = length(what);
        int[] span = {pos, length};
        pos += length;
        return span;
    }

    byte[] buffer() {
        return buf;
    }

    String string(String what) throws OnnxFormatException {
        int at = pos;
        byte[] b = bytes(what);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(at, what + " is not valid UTF-8");
        }
    }

    /** Skips a field of any wire type, checking that it is all there. */
    void skip(int tag) throws OnnxFormatException {
        switch (wireType(tag)) {
            case VARINT:
                varint();
                break;
            case FIXED64:
                require(8, "an 8-byte value");
                pos += 8;
                break;
            case FIXED32:
                require(4, "a 4-byte value");
                pos += 4;
                break;
            default:
                int length = length("field " + field(tag)); // before pos is read: length() moves it
                pos += length;
        }
    }

    /** The offset of the field being read, for messages. */
    int fieldOffset() {
        return fieldStart;
    }

    OnnxFormatException error(int offset, String problem) {
        return new OnnxFormatException(source, offset, problem);
    }

    /** Fails unless the field has wire type {@code expected}. */
    void expect(int tag, int expected, String what) throws OnnxFormatException {
        if (wireType(tag) != expected) {
            throw error(
                    fieldStart,
                    what + " (field " + field(tag) + ") has wire type " + wireType(tag) + ", expected " + expected);
        }
    }

    private int length(String what) throws OnnxFormatException {
        int at = pos;
        long length = varint();
        if (length < 0 || length > end - pos) {
            throw error(
                    at,
                    what + " claims " + Long.toUnsignedString(length) + " bytes, but only " + (end - pos) + " remain"
                            + (depth == 0 ? " in the file" : " in the enclosing message"));
        }
        return (int) length;
    }

    private void require(int n, String what) throws OnnxFormatException {
        if (end - pos < n) {
            throw error(pos, "the data ends inside " + what);
        }
    }
}
