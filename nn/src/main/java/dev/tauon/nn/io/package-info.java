/**
 * Weight files in the safetensors format, read as untrusted input (limits on every header value,
 * a CRC32C per tensor, errors that name the file, the entry and the byte offset) and written
 * atomically; {@link dev.tauon.nn.io.Weights} saves and loads a module's parameters by name.
 */
package dev.tauon.nn.io;
