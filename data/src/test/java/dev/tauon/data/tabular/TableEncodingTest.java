package dev.tauon.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import dev.tauon.data.ArrayDataset;
import dev.tauon.data.BatchLoader;
import dev.tauon.data.DatasetFormatException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableEncodingTest {
    private static final String PETS = "id,weight,colour,legs,kind\n"
            + "a1,4.5,black,4,cat\n"
            + "a2,30,brown,4,dog\n"
            + "a3,0.1,green,2,bird\n"
            + "a4,3.5,brown,4,cat\n";

    private static Table table(String text) throws IOException {
        return CsvReaderTest.parse(text, CsvFormat.DEFAULT);
    }

    private static float[] row(ArrayDataset d, int i) {
        float[] f = new float[d.featureSize()];
        d.readFeatures(i, f, 0);
        return f;
    }

    @Test
    void numericColumnsAsTheyAreCategoricalOnesOneHotClassesSorted() throws IOException {
        TableEncoding enc = TableEncoding.builder("kind").ignore("id").fit(table(PETS));
        assertEquals(List.of("bird", "cat", "dog"), enc.classNames());
        assertEquals(List.of("weight", "colour=black", "colour=brown", "colour=green", "legs"), enc.featureNames());
        assertEquals(ColumnKind.IGNORED, enc.columns().get(0).kind());
        assertEquals(ColumnKind.CATEGORICAL, enc.columns().get(2).kind());
        ArrayDataset d = enc.encode(table(PETS));
        assertArrayEquals(new int[] {5}, d.featureShape());
        assertArrayEquals(new float[] {4.5f, 1, 0, 0, 4}, row(d, 0));
        assertArrayEquals(new float[] {0.1f, 0, 0, 1, 2}, row(d, 2));
        assertEquals(1, d.label(0));
        assertEquals(2, d.label(1));
        assertEquals(0, d.label(2));
        try (BatchLoader loader = BatchLoader.builder(d).batchSize(4).build()) {
            Batch b = loader.iterator().next();
            assertArrayEquals(new int[] {1, 2, 0, 1}, b.labels());
        }
        assertArrayEquals(
                new float[] {7, 0, 1, 0, 3},
                enc.features(Map.of("weight", "7", "colour", "brown", "legs", "3", "id", "zz")));
    }

    @Test
    void numberedLabelsSortByValueAndRegressionGivesTargets() throws IOException {
        Table t = table("x,y\n1,10\n2,9\n3,2\n4,10\n");
        assertEquals(List.of("2", "9", "10"), TableEncoding.builder("y").fit(t).classNames());
        assertEquals(List.of("2", "9", "10"), TableEncoding.builder("1").fit(t).classNames(), "numbered column");
        ArrayDataset reg = TableEncoding.builder("-1").regression(true).fit(t).encode(t);
        assertEquals(0, reg.numClasses());
        float[] target = new float[1];
        reg.readTarget(2, target, 0);
        assertEquals(2f, target[0]);
        DatasetFormatException text = assertThrows(
                DatasetFormatException.class,
                () -> TableEncoding.builder("kind")
                        .ignore("id")
                        .regression(true)
                        .fit(table(PETS)));
        assertEquals(
                "t.csv line 2: label column \"kind\": \"cat\" is not a number, and this is a regression target",
                text.getMessage());
    }

    @Test
    void classesGivenKeepTheirOrderWhenFittedOnSomeRows() throws IOException {
        Table t = table(PETS);
        TableEncoding enc = TableEncoding.builder("kind")
                .ignore("id")
                .classes(List.of("dog", "cat", "bird"))
                .fit(t.select(new int[] {0, 3}));
        assertEquals(List.of("dog", "cat", "bird"), enc.classNames());
        ArrayDataset d = enc.encode(t);
        assertEquals(3, d.numClasses());
        assertEquals(0, d.label(1));
        assertEquals(2, d.label(2));
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class,
                () -> TableEncoding.builder("kind")
                        .ignore("id")
                        .classes(List.of("dog", "cat"))
                        .fit(t));
        assertEquals(
                "t.csv line 4: label column \"kind\": \"bird\" is not one of the 2 classes given (\"dog\", "
                        + "\"cat\")",
                e.getMessage());
    }

    @Test
    void aStrayWordInANumericColumnIsRefusedWithItsLine() throws IOException {
        Table t = table("a,b,label\n1,2,x\n3,4,y\n5,five,x\n7,8,y\n");
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class,
                () -> TableEncoding.builder("label").fit(t));
        assertEquals(
                "t.csv line 4: column \"b\": \"five\" is not a number, while 3 of the column's 4 values are "
                        + "(the first on line 2: \"2\"); fix the cell, or declare the column categorical if it is one",
                e.getMessage());
        assertEquals(4, e.line());
        TableEncoding declared = TableEncoding.builder("label").categorical("b").fit(t);
        assertEquals(List.of("2", "4", "8", "five"), declared.columns().get(1).categories());
        // fitted on clean rows, encoding a table with the stray word names it too
        TableEncoding clean = TableEncoding.builder("label").fit(t.select(new int[] {0, 1, 3}));
        DatasetFormatException later = assertThrows(DatasetFormatException.class, () -> clean.encode(t));
        assertEquals(
                "t.csv line 4: column \"b\": \"five\" is not a number, and this is a numeric column",
                later.getMessage());
        assertThrows(IllegalArgumentException.class, () -> clean.features(Map.of("a", "1", "b", "1e99")));
    }

    @Test
    void missingCellsAreRefusedUnlessImputed() throws IOException {
        Table t = table("n,c,label\n1,red,x\n,blue,y\n5,,x\n6,blue,y\n");
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class,
                () -> TableEncoding.builder("label").fit(t));
        assertEquals(
                "t.csv line 3: column \"n\": the value is missing; fill it in, ignore the column, or ask for "
                        + "imputation",
                e.getMessage());
        TableEncoding enc = TableEncoding.builder("label").impute(true).fit(t);
        assertEquals(4f, enc.columns().get(0).numericImpute());
        assertEquals("blue", enc.columns().get(1).categoryImpute());
        ArrayDataset d = enc.encode(t);
        assertArrayEquals(new float[] {4, 1, 0}, row(d, 1));
        assertArrayEquals(new float[] {5, 1, 0}, row(d, 2));
        DatasetFormatException label = assertThrows(
                DatasetFormatException.class,
                () -> TableEncoding.builder("label").impute(true).fit(table("n,label\n1,x\n2,\n")));
        assertEquals("t.csv line 3: label column \"label\": the label is missing", label.getMessage());
        DatasetFormatException empty = assertThrows(
                DatasetFormatException.class,
                () -> TableEncoding.builder("label").impute(true).fit(table("n,label\n,x\n,y\n")));
        assertTrue(
                empty.getMessage().contains("column \"n\" has no values (all 2 cells are missing)"),
                empty.getMessage());
    }

    @Test
    void unseenCategoriesBecomeZerosUnseenClassesAndAbsentColumnsAreRefused() throws IOException {
        TableEncoding enc = TableEncoding.builder("kind").ignore("id").fit(table(PETS));
        ArrayDataset d = enc.encode(table("id,weight,colour,legs,kind\nb1,2,purple,4,cat\n"));
        assertArrayEquals(new float[] {2, 0, 0, 0, 4}, row(d, 0));
        DatasetFormatException cls = assertThrows(
                DatasetFormatException.class,
                () -> enc.encode(table("id,weight,colour,legs,kind\nb1,2,black,4,fish\n")));
        assertEquals(
                "t.csv line 2: label column \"kind\": \"fish\" is not one of the 3 classes fitted (\"bird\", "
                        + "\"cat\", \"dog\")",
                cls.getMessage());
        DatasetFormatException absent = assertThrows(
                DatasetFormatException.class, () -> enc.encode(table("id,weight,legs,kind\nb1,2,4,cat\n")));
        assertTrue(
                absent.getMessage().contains("no column \"colour\", which the encoding was fitted with"),
                absent.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TableEncoding.builder("kind").ignore("kind").fit(table(PETS)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TableEncoding.builder("kind").categorical("nope").fit(table(PETS)));
    }
}
