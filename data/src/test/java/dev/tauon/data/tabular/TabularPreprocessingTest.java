package dev.tauon.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.ArrayDataset;
import dev.tauon.data.DatasetFormatException;
import dev.tauon.data.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularPreprocessingTest {
    @TempDir
    Path dir;

    @Test
    void savedAndLoadedItGivesTheSameFeaturesBitForBit() throws IOException {
        Table t = CsvReaderTest.parse(
                "id,x,\"odd \"\"name\"\"\",c,label\n" + "1,0.1,1e-3,red,b\n2,2.5,,blue,a\n3,-7,4,\"with, comma\",b\n",
                CsvFormat.DEFAULT);
        TableEncoding enc =
                TableEncoding.builder("label").ignore("id").impute(true).fit(t);
        ArrayDataset data = enc.encode(t);
        TabularPreprocessing saved = new TabularPreprocessing(enc, Normalization.compute(data));
        Path file = dir.resolve("preprocessing.json");
        saved.save(file);
        TabularPreprocessing loaded = TabularPreprocessing.load(file);
        assertEquals(enc.toJson(), loaded.encoding().toJson());
        assertArrayEquals(saved.normalization().mean(), loaded.normalization().mean());
        assertArrayEquals(saved.normalization().std(), loaded.normalization().std());
        Map<String, String> row = Map.of("x", "3.25", "odd \"name\"", "0.7", "c", "with, comma");
        assertArrayEquals(saved.features(row), loaded.features(row));
        assertEquals(enc.featureNames(), loaded.encoding().featureNames());
        assertEquals(enc.classNames(), loaded.encoding().classNames());
        float[] f = saved.features(Map.of("x", "2.5", "c", "red"));
        assertEquals(saved.normalization().normalize(0, 2.5f), f[0]);
        assertEquals(saved.normalization().normalize(1, enc.columns().get(2).numericImpute()), f[1]);
    }

    @Test
    void damagedOrForeignFilesAreRefusedByName() throws IOException {
        Path file = dir.resolve("p.json");
        Files.writeString(file, "{\"format\":\"something-else\",\"version\":1}");
        DatasetFormatException other =
                assertThrows(DatasetFormatException.class, () -> TabularPreprocessing.load(file));
        assertEquals(
                file + ": not a tauon-tabular-preprocessing file (its \"format\" is \"something-else\")",
                other.getMessage());
        Files.writeString(file, "{\"format\":\"tauon-tabular-preprocessing\",\"version\":2}");
        assertTrue(assertThrows(DatasetFormatException.class, () -> TabularPreprocessing.load(file))
                .getMessage()
                .contains("version 2 is newer than this Tauon reads (up to 1)"));
        Files.writeString(
                file,
                "{\"format\":\"tauon-tabular-preprocessing\",\"version\":1,\"encoding\":{\"label\":"
                        + "\"y\",\"regression\":false,\"classes\":[\"a\"],\"columns\":[{\"name\":\"x\",\"kind\":\"numeric\","
                        + "\"impute\":null}]},\"normalization\":{\"mean\":[0,1],\"std\":[1,1]}}");
        assertTrue(assertThrows(DatasetFormatException.class, () -> TabularPreprocessing.load(file))
                .getMessage()
                .contains("the normalisation has 2 features, the encoding 1"));
        Files.writeString(
                file,
                "{\"format\":\"tauon-tabular-preprocessing\",\"version\":1,\"encoding\":{\"label\":"
                        + "\"y\",\"regression\":false,\"classes\":[\"a\"],\"columns\":[{\"name\":\"x\",\"kind\":\"numbers\"}]},"
                        + "\"normalization\":{\"mean\":[],\"std\":[]}}");
        assertTrue(assertThrows(DatasetFormatException.class, () -> TabularPreprocessing.load(file))
                .getMessage()
                .contains("column \"x\" has kind \"numbers\"; expected numeric, categorical or ignored"));
        Files.writeString(
                file,
                "{\"format\":\"tauon-tabular-preprocessing\",\"version\":1,\"encoding\":{\"label\":"
                        + "\"y\",\"regression\":false,\"classes\":\"a\"");
        assertTrue(assertThrows(DatasetFormatException.class, () -> TabularPreprocessing.load(file))
                .getMessage()
                .contains("JSON at character"));
    }
}
