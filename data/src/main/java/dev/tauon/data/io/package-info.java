/**
 * Reading files from outside: gzip (with exact offsets of damage), tar (ustar, GNU long names and
 * pax records) and streams that count what they read, so every format error names the file and
 * the byte where it was found; and the small JSON files of saved preprocessing
 * ({@link dev.tauon.data.io.JsonFile}, {@link dev.tauon.data.io.Json}, {@link dev.tauon.data.io.JsonFields}).
 */
package dev.tauon.data.io;
