package dev.tauon.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tauon.core.io.JsonStrings;
import dev.tauon.data.FuzzedFile;
import dev.tauon.data.image.ImagePreprocessing;
import dev.tauon.data.tabular.TabularPreprocessing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of every reader of JSON in the data module, each on the same bytes under
 * the contract of {@link FuzzedFile}: {@link Json#parse} (the bytes as UTF-8), {@link JsonFile#read},
 * and its callers {@link ImagePreprocessing#load} and {@link TabularPreprocessing#load}. A value
 * that parses holds only the documented types within the documented limits and, written out again,
 * parses to the same value; a header that reads has the asked format and a version in range; a
 * preprocessing that loads, saved and loaded again, is the same preprocessing.
 */
class JsonFuzzTest {
    private static final String FORMAT = "tauon-fuzz";
    private static final int MAX_VERSION = 3;

    @FuzzTest(maxDuration = "30m")
    @Timeout(10)
    void read(byte[] bytes) throws IOException {
        FuzzedFile.check(bytes, "input.json", file -> {
            Object value = Json.parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
            int[] values = {0};
            checkValue(value, 0, values);
            assertTrue(values[0] <= Json.MAX_VALUES, values[0] + " values");
            assertEquals(value, Json.parse(write(value), "written again"));
        });
        FuzzedFile.check(bytes, "input.json", file -> {
            JsonFields json = JsonFile.read(file, FORMAT, MAX_VERSION);
            assertEquals(FORMAT, json.string("format"));
            int version = json.integer("version", 1, MAX_VERSION);
            assertTrue(version >= 1 && version <= MAX_VERSION);
        });
        FuzzedFile.check(bytes, "input.json", file -> {
            ImagePreprocessing loaded = ImagePreprocessing.load(file);
            Path resaved = file.resolveSibling("resaved.json");
            resaved.toFile().deleteOnExit();
            loaded.save(resaved);
            ImagePreprocessing again = ImagePreprocessing.load(resaved);
            assertEquals(loaded.options(), again.options());
            assertEquals(loaded.classNames(), again.classNames());
            assertEquals(loaded.normalization().toJson(), again.normalization().toJson());
        });
        FuzzedFile.check(bytes, "input.json", file -> {
            TabularPreprocessing loaded = TabularPreprocessing.load(file);
            Path resaved = file.resolveSibling("resaved.json");
            loaded.save(resaved);
            TabularPreprocessing again = TabularPreprocessing.load(resaved);
            assertEquals(loaded.encoding().toJson(), again.encoding().toJson());
            assertEquals(loaded.normalization().toJson(), again.normalization().toJson());
        });
    }

    /** Checks the types and limits {@link Json} documents, counting the values into {@code count[0]}. */
    private static void checkValue(Object value, int depth, int[] count) {
        count[0]++;
        if (value instanceof Map<?, ?> map) {
            assertTrue(depth < Json.MAX_DEPTH + 1, "an object at depth " + depth);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                assertTrue(e.getKey() instanceof String s && s.length() <= Json.MAX_STRING_CHARS);
                checkValue(e.getValue(), depth + 1, count);
            }
        } else if (value instanceof List<?> list) {
            assertTrue(depth < Json.MAX_DEPTH + 1, "an array at depth " + depth);
            for (Object v : list) {
                checkValue(v, depth + 1, count);
            }
        } else if (value instanceof String s) {
            assertTrue(s.length() <= Json.MAX_STRING_CHARS, "a string of " + s.length() + " chars");
        } else if (value instanceof Double d) {
            assertFalse(d.isNaN(), "NaN");
        } else if (value != null && !(value instanceof Boolean)) {
            fail("a value of type " + value.getClass());
        }
    }

    /** {@code value} as JSON text, written independently of the writers under test. */
    private static String write(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(sb.length() > 1 ? "," : "")
                        .append(JsonStrings.quote((String) e.getKey()))
                        .append(':')
                        .append(write(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object v : list) {
                sb.append(sb.length() > 1 ? "," : "").append(write(v));
            }
            return sb.append(']').toString();
        }
        if (value instanceof String s) {
            return JsonStrings.quote(s);
        }
        if (value instanceof Double d && d.isInfinite()) {
            return d > 0 ? "1e999" : "-1e999";
        }
        return String.valueOf(value);
    }
}
