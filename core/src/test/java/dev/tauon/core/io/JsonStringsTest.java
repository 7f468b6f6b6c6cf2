package dev.tauon.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringsTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"plain\"", JsonStrings.quote("plain"));
        assertEquals("\"a \\\"b\\\" c\\\\d\"", JsonStrings.quote("a \"b\" c\\d"));
        assertEquals("\"tab\\u0009new\\u000aline\"", JsonStrings.quote("tab\tnew\nline"));
        assertEquals("\"é ✓\"", JsonStrings.quote("é ✓"));
    }
}
