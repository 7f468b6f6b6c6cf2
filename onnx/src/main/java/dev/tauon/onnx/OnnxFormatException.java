package dev.tauon.onnx;

import java.io.IOException;

/**
 * An ONNX file that is malformed, truncated, hostile or uses what Tauon cannot import. The message
 * names the file and where the problem is: the byte offset for a broken encoding, the node (its
 * name and operator) for a graph Tauon cannot build.
 */
public class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem in the encoding, at byte {@code offset} of {@code source}. */
    public OnnxFormatException(String source, long offset, String problem) {
        super(source + ": at byte " + offset + ": " + problem);
    }

    /** A problem with the graph, {@code where} naming the node or value. */
    public OnnxFormatException(String source, String where, String problem) {
        super(source + ": " + where + ": " + problem);
    }
}
