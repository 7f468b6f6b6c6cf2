package dev.tauon.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DatasetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    @Test
    void valuesOfEveryKind() throws DatasetFormatException {
        Object v = Json.parse(
                " {\"a\": [1, -2.5e3, true, false, null], \"s\": \"q\\\"\\\\\\/\\n\\u00e9\", \"o\": {}} ", "f");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1.0, a.get(0));
        assertEquals(-2500.0, a.get(1));
        assertEquals(Boolean.TRUE, a.get(2));
        assertNull(a.get(4));
        assertEquals("q\"\\/\n\u00e9", m.get("s"));
        assertEquals(Map.of(), m.get("o"));
        float tricky = 0.1f + 0.2f;
        assertEquals(tricky, ((Double) ((List<?>) Json.parse("[" + tricky + "]", "f")).get(0)).floatValue());
    }

    @Test
    void malformedTextIsRefusedWithItsOffset() {
        String[][] cases = {
            {"{\"a\":1,}", "expected a key in double quotes"},
            {"{\"a\":1 \"b\":2}", "expected ',' or '}'"},
            {"[1 2]", "expected ',' or ']'"},
            {"{\"a\":1,\"a\":2}", "key \"a\" appears twice"},
            {"\"open", "a string is never closed"},
            {"[1.]", "digits after its '.'"},
            {"tru", "expected a value"},
            {"{} x", "after the value"},
            {"\"\\x\"", "unknown escape"},
            {"[".repeat(70), "nested deeper than 64"},
            {"\"\\u+041\"", "a \\u escape needs four hex digits, found \"+041\""},
            {"\"\\u-001\"", "four hex digits"},
            {"\"\\u00e\"", "four hex digits"},
            {"[01]", "starts with a 0 followed by digits"},
            {"-00", "starts with a 0 followed by digits"},
        };
        for (String[] c : cases) {
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Json.parse(c[0], "f.json"));
            assertTrue(
                    e.getMessage().startsWith("f.json: JSON at character ")
                            && e.getMessage().contains(c[1]),
                    c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void fieldsOfTheWrongTypeNameTheirPath() throws DatasetFormatException {
        JsonFields f = JsonFields.of(Json.parse("{\"o\":{\"n\":\"x\",\"l\":[1,\"2\"]}}", "f"), "f", "root");
        DatasetFormatException n =
                assertThrows(DatasetFormatException.class, () -> f.object("o").number("n"));
        assertEquals("f: root.o.n should be a number, found the string \"x\"", n.getMessage());
        assertThrows(DatasetFormatException.class, () -> f.object("o").floats("l"));
        DatasetFormatException absent = assertThrows(DatasetFormatException.class, () -> f.string("missing"));
        assertEquals("f: root has no key \"missing\"", absent.getMessage());
    }

    @Test
    void eachLimitIsAcceptedAndRefusedOneBeyond() throws DatasetFormatException {
        String deepest = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertTrue(Json.parse(deepest, "f") instanceof List);
        assertLimit(
                "[".repeat(Json.MAX_DEPTH + 2), "JSON at character 65: nested deeper than 64 levels (Json.MAX_DEPTH)");

        String longest = "x".repeat(Json.MAX_STRING_CHARS);
        assertEquals(longest, Json.parse("\"" + longest + "\"", "f"));
        assertEquals(longest, Json.parse("\"" + "\\u0078".repeat(Json.MAX_STRING_CHARS) + "\"", "f"));
        assertLimit(
                "[1, \"" + longest + "\\n\"]",
                "JSON at character 4: a string longer than 65536 characters (Json.MAX_STRING_CHARS)");

        // an array holding MAX_VALUES - 1 values is MAX_VALUES values with the array
        String most = "[" + "0,".repeat(Json.MAX_VALUES - 2) + "0]";
        assertEquals(Json.MAX_VALUES - 1, ((List<?>) Json.parse(most, "f")).size());
        assertLimit(
                "[" + "{},".repeat(Json.MAX_VALUES - 1) + "{}]",
                "JSON at character " + (1 + 3 * (Json.MAX_VALUES - 1))
                        + ": more than 1048576 values (Json.MAX_VALUES)");

        assertLimit(
                " ".repeat(Json.MAX_CHARS) + "0",
                "JSON text of 16777217 characters is beyond Tauon's limits: more than 16777216 (Json.MAX_CHARS)");
    }

    private static void assertLimit(String text, String problem) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Json.parse(text, "f.json"));
        assertEquals("f.json: " + problem, e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAtItsFirstBadByte(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.json");
        byte[] text = "{\"format\":\"f\",\"version\":1,\"s\":\"caf\u00e9 \"}".getBytes(StandardCharsets.UTF_8);
        // the second byte of the é (0xc3 0xa9) made a first byte of another: 0xc3 0xc3 is malformed
        text[text.length - 4] = (byte) 0xc3;
        Files.write(file, text);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> JsonFile.read(file, "f", 1));
        assertEquals(
                file + " at byte " + (text.length - 5) + ": not UTF-8 text: malformed sequence starting 0xc3",
                e.getMessage());
        Files.write(file, Arrays.copyOf(text, text.length - 4));
        assertEquals(
                file + " at byte " + (text.length - 5) + ": not UTF-8 text: malformed sequence starting 0xc3",
                assertThrows(DatasetFormatException.class, () -> JsonFile.read(file, "f", 1))
                        .getMessage());
    }
}
