/**
 * Small helpers for the files Tauon writes and reads: atomic replacement of a file
 * ({@link dev.tauon.core.io.AtomicFiles}: temporary sibling, then rename), JSON string literals, and
 * {@link dev.tauon.core.io.Excerpt}, which makes a value read from a file fit for an error message.
 */
package dev.tauon.core.io;
