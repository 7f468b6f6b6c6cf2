package dev.tauon.data.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.data.FuzzedFile;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link CsvReader#read(java.nio.file.Path, CsvFormat)} (plain and gzip)
 * under the contract of {@link FuzzedFile}: a table that reads is rectangular, has at least one
 * row, and its rows' lines increase.
 */
class CsvReaderFuzzTest {
    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void read(byte[] bytes) throws IOException {
        FuzzedFile.check(bytes, "input.csv", file -> {
            Table table = CsvReader.read(file, CsvFormat.DEFAULT);
            assertTrue(table.rowCount() > 0 && table.columnCount() > 0);
            assertEquals(table.columnCount(), table.columnNames().size());
            long line = 0;
            for (int r = 0; r < table.rowCount(); r++) {
                assertTrue(table.line(r) > line, "line " + table.line(r) + " after " + line);
                line = table.line(r);
                for (int c = 0; c < table.columnCount(); c++) {
                    table.cell(r, c);
                }
            }
        });
    }
}
