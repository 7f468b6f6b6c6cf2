package dev.tauon.data;

import java.io.IOException;

/**
 * A dataset file is malformed: wrong size, bad label, corrupt or truncated archive, missing entry.
 *
 * <p>It is an {@link IOException} because it arises while reading and callers already handle
 * those; a path that does not exist is reported as {@link java.nio.file.NoSuchFileException}
 * instead. The message always names the file (for archive entries {@code archive!entry}), the
 * byte offset, line or record index where it is known, and the problem.
 */
public class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The malformed file or {@code archive!entry}. */
    private final String source;
    /** The byte offset of the problem, or -1 when it is not about one place or is given by line. */
    private final long offset;
    /** The line of the problem (1 for the first), or -1 when it is not given by line. */
    private final long line;

    /**
     * @param source the file or {@code archive!entry} that is malformed
     * @param offset byte offset of the problem within {@code source}, or -1 when it is not about one place
     * @param problem what is wrong, as a sentence fragment
     */
    public DatasetFormatException(String source, long offset, String problem) {
        this(source, offset, problem, null);
    }

    /** As {@link #DatasetFormatException(String, long, String)}, with the exception that revealed the problem. */
    public DatasetFormatException(String source, long offset, String problem, Throwable cause) {
        super(source + (offset >= 0 ? " at byte " + offset : "") + ": " + problem, cause);
        this.source = source;
        this.offset = offset;
        this.line = -1;
    }

    /** {@code byLine} only tells this constructor from the public one. */
    private DatasetFormatException(String source, long line, String problem, boolean byLine) {
        super(source + " line " + line + ": " + problem);
        this.source = source;
        this.offset = -1;
        this.line = line;
    }

    /**
     * A problem in a text file, at line {@code line} (1 for the first): the message reads
     * {@code "<source> line <line>: <problem>"}.
     */
    public static DatasetFormatException atLine(String source, long line, String problem) {
        return new DatasetFormatException(source, line, problem, true);
    }

    /** The file, or {@code archive!entry}, that is malformed. */
    public String source() {
        return source;
    }

    /** Byte offset of the problem within {@link #source()}, or -1 when not about one place or given by line. */
    public long offset() {
        return offset;
    }

    /** Line of the problem in a text file (1 for the first), or -1 when not given by line. */
    public long line() {
        return line;
    }
}
