/**
 * Reading archives from outside: gzip (with exact offsets of damage), tar (ustar, GNU long names
 * and pax records) and streams that count what they read, so every format error names the file and
 * the byte where it was found.
 */
package dev.tauon.data.io;
