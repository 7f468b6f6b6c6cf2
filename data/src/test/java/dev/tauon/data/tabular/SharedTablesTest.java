package dev.tauon.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tauon.data.ArrayDataset;
import dev.tauon.data.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The four real tables of {@code ../shared/datasets/tabular/}, read as their README describes them. */
class SharedTablesTest {

    private static ArrayDataset read(String file, int rows, int features, List<String> classes) throws IOException {
        Optional<Path> dir = SharedData.dataset("tabular");
        assumeTrue(dir.isPresent(), SharedData.missing("tabular"));
        Table table = CsvReader.read(dir.get().resolve(file), CsvFormat.DEFAULT);
        assertEquals(rows, table.rowCount(), file);
        TableEncoding enc = TableEncoding.builder("label").fit(table);
        assertEquals(features, enc.featureCount(), file);
        assertEquals(classes, enc.classNames(), file);
        enc.columns().forEach(c -> assertEquals(ColumnKind.NUMERIC, c.kind(), file + " " + c.name()));
        return enc.encode(table);
    }

    @Test
    void iris() throws IOException {
        ArrayDataset d = read("iris.csv", 150, 4, List.of("setosa", "versicolor", "virginica"));
        assertArrayEquals(new int[] {50, 50, 50}, d.classCounts());
        float[] first = new float[4];
        d.readFeatures(0, first, 0);
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, first);
    }

    @Test
    void wine() throws IOException {
        assertArrayEquals(
                new int[] {59, 71, 48},
                read("wine.csv", 178, 13, List.of("class_0", "class_1", "class_2"))
                        .classCounts());
    }

    @Test
    void breastCancer() throws IOException {
        assertArrayEquals(
                new int[] {357, 212},
                read("breast_cancer.csv", 569, 30, List.of("benign", "malignant"))
                        .classCounts());
    }

    @Test
    void digitsFromGzip() throws IOException {
        ArrayDataset d = read("digits.csv.gz", 1797, 64, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        assertEquals(1797, Arrays.stream(d.classCounts()).sum());
        float[] first = new float[64];
        d.readFeatures(0, first, 0);
        assertEquals(5f, first[2]);
        assertEquals(13f, first[3]);
    }
}
