package dev.tauon.data.io;

import dev.tauon.core.io.AtomicFiles;
import dev.tauon.core.io.Excerpt;
import dev.tauon.core.io.JsonStrings;
import dev.tauon.data.DatasetFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The saved-preprocessing files: one JSON object with a {@code "format"} name and a
 * {@code "version"}, written through a temporary file and renamed into place, read back with both
 * checked before anything else.
 */
public final class JsonFile {
    /**
     * The largest file read: a saved preprocessing is kilobytes; more means the wrong file. As many
     * bytes as {@link Json#MAX_CHARS} characters, since UTF-8 takes at least one byte a character.
     */
    public static final long MAX_BYTES = Json.MAX_CHARS;

    private JsonFile() {}

    /** Writes {@code {"format":format,"version":version,<body>}}; {@code body} is the object's other members. */
    public static void write(Path file, String format, int version, String body) throws IOException {
        AtomicFiles.writeString(
                file, "{\"format\":" + JsonStrings.quote(format) + ",\"version\":" + version + "," + body + "}\n");
    }

    /**
     * Reads {@code file}, checking that it is a JSON object of {@code format} at a version from 1 to
     * {@code maxVersion}.
     *
     * @throws NoSuchFileException    if there is no such file
     * @throws DatasetFormatException naming the file: too large, not UTF-8, not JSON, another format or version
     */
    public static JsonFields read(Path file, String format, int maxVersion) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no " + format + " file here");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new DatasetFormatException(
                    file.toString(),
                    -1,
                    "size " + size + " bytes, more than the " + MAX_BYTES + " a " + format + " file can have");
        }
        String source = file.toString();
        JsonFields json = JsonFields.of(Json.parse(utf8(Files.readAllBytes(file), source), source), source, "the file");
        String found = json.has("format") && !json.isNull("format") ? json.string("format") : null;
        if (!format.equals(found)) {
            throw new DatasetFormatException(
                    source,
                    -1,
                    "not a " + format + " file (its \"format\" is " + (found == null ? "absent" : Excerpt.of(found))
                            + ")");
        }
        int version = json.integer("version", 1, Integer.MAX_VALUE);
        if (version > maxVersion) {
            throw new DatasetFormatException(
                    source,
                    -1,
                    format + " version " + version + " is newer than this " + "Tauon reads (up to " + maxVersion + ")");
        }
        return json;
    }

    /** {@code bytes} decoded, or an error at the first byte that is not UTF-8 (where Files.readString names none). */
    private static String utf8(byte[] bytes, String source) throws DatasetFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new DatasetFormatException(
                    source,
                    in.position(),
                    "not UTF-8 text: " + (result.isMalformed() ? "malformed" : "unmappable") + " sequence starting "
                            + String.format("0x%02x", bytes[in.position()] & 0xff));
        }
        return out.flip().toString();
    }
}
