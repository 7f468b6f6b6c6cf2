package dev.tauon.data.image;

/** What an image folder reader does with a file it cannot decode. */
public enum OnBadFile {
    /** Stop with an error naming the file and the problem. */
    FAIL,
    /** Leave the file out, count it, and log a warning naming the first few. */
    SKIP
}
