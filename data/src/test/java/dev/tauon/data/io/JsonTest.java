package dev.tauon.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.data.DatasetFormatException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
