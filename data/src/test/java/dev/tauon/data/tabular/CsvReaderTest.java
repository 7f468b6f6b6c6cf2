package dev.tauon.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DatasetFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    static Table parse(String text, CsvFormat format) throws IOException {
        return CsvReader.read(new StringReader(text), "t.csv", format);
    }

    @Test
    void headerQuotesLineBreaksBlankLinesAndMissingCells() throws IOException {
        String text = "\uFEFFa, b ,c\r\n"
                + "1, x ,\"he said \"\"hi\"\", twice\"\r\n"
                + "\r\n"
                + "2,NA,\"two\nlines\"\n"
                + "3,?,\"  kept  \"\n";
        Table t = parse(text, CsvFormat.DEFAULT);
        assertEquals(List.of("a", "b", "c"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals("x", t.cell(0, 1), "unquoted cells are stripped");
        assertEquals("he said \"hi\", twice", t.cell(0, 2));
        assertNull(t.cell(1, 1));
        assertEquals("two\nlines", t.cell(1, 2));
        assertNull(t.cell(2, 1));
        assertEquals("  kept  ", t.cell(2, 2), "quoted cells are kept as they are");
        assertArrayEquals(new long[] {2, 4, 6}, new long[] {t.line(0), t.line(1), t.line(2)});
        assertEquals(1, t.column("b"));
        assertEquals(2, t.column("-1"));
        assertEquals(0, t.column("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.column("d"));
        assertTrue(e.getMessage().contains("no column \"d\"; the 3 columns are \"a\", \"b\", \"c\""), e.getMessage());
    }

    @Test
    void withoutHeaderColumnsAreNumberedAndOtherDelimitersAndMissingSets() throws IOException {
        Table t = parse("1;2\n3;\n", new CsvFormat(';', false, Set.of("-")));
        assertEquals(List.of("0", "1"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals("", t.cell(1, 1), "the empty cell is a value when the missing set leaves it out");
        Table tabs = parse("x\ty\n5\t-\n", CsvFormat.DEFAULT.withDelimiter('\t').withMissing(Set.of("-")));
        assertNull(tabs.cell(0, 1));
    }

    @Test
    void gzipIsRecognisedByItsMagicBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = dir.resolve("t.data");
        Files.write(file, bytes.toByteArray());
        Table t = CsvReader.read(file, CsvFormat.DEFAULT);
        assertEquals("2", t.cell(0, 1));
        assertEquals(file.toString(), t.source());
        Files.write(file, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("2", CsvReader.read(file, CsvFormat.DEFAULT).cell(0, 1));
        assertThrows(NoSuchFileException.class, () -> CsvReader.read(dir.resolve("none.csv"), CsvFormat.DEFAULT));
    }

    @Test
    void raggedRowsNameTheFileAndLine() {
        DatasetFormatException e =
                assertThrows(DatasetFormatException.class, () -> parse("a,b,c\n1,2,3\n\n4,5\n", CsvFormat.DEFAULT));
        assertEquals("t.csv line 4: 2 fields, expected 3 as in the header (line 1)", e.getMessage());
        assertEquals(4, e.line());
        DatasetFormatException semicolons =
                assertThrows(DatasetFormatException.class, () -> parse("a,b\n1;2\n", CsvFormat.DEFAULT));
        assertTrue(
                semicolons.getMessage().endsWith("the row holds \";\": is that the delimiter?"),
                semicolons.getMessage());
        DatasetFormatException first = assertThrows(
                DatasetFormatException.class, () -> parse("1,2\n1,2,3\n", CsvFormat.DEFAULT.withHeader(false)));
        assertTrue(
                first.getMessage().contains("line 2: 3 fields, expected 2 as in the first row (line 1)"),
                first.getMessage());
    }

    @Test
    void badQuotingEmptyFilesAndDuplicateNamesAreRefused() {
        DatasetFormatException open =
                assertThrows(DatasetFormatException.class, () -> parse("a,b\n1,\"never\nclosed\n", CsvFormat.DEFAULT));
        assertEquals(
                "t.csv line 2: a quoted field is never closed (no matching '\"' before the end of the file)",
                open.getMessage());
        DatasetFormatException after =
                assertThrows(DatasetFormatException.class, () -> parse("a,b\n1,\"x\"y\n", CsvFormat.DEFAULT));
        assertTrue(
                after.getMessage().contains("line 2: unexpected \"y\" after the closing quote of field 2"),
                after.getMessage());
        assertThrows(DatasetFormatException.class, () -> parse("", CsvFormat.DEFAULT));
        DatasetFormatException headerOnly =
                assertThrows(DatasetFormatException.class, () -> parse("a,b\n\n", CsvFormat.DEFAULT));
        assertEquals("t.csv line 1: a header and no rows", headerOnly.getMessage());
        DatasetFormatException twice =
                assertThrows(DatasetFormatException.class, () -> parse("a,b,a\n1,2,3\n", CsvFormat.DEFAULT));
        assertEquals("t.csv line 1: columns 0 and 2 are both named \"a\"", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvFormat.DEFAULT.withDelimiter('"'));
    }

    @Test
    void aHugeFieldIsRefusedBeforeItExhaustsTheHeap() {
        String huge = "a\n" + "x".repeat(CsvReader.MAX_FIELD_CHARS + 1) + "\n";
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> parse(huge, CsvFormat.DEFAULT));
        assertTrue(e.getMessage().contains("line 2: a field longer than"), e.getMessage());
    }

    @Test
    void selectKeepsTheLinesOfTheRowsPicked() throws IOException {
        Table t = parse("a\n1\n2\n3\n", CsvFormat.DEFAULT);
        Table picked = t.select(new int[] {2, 0});
        assertEquals("3", picked.cell(0, 0));
        assertEquals(4, picked.line(0));
        assertEquals(2, picked.line(1));
    }
}
