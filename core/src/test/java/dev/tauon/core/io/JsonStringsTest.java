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

    @Test
    void surrogatesWithoutTheirPairAreEscapedPairsKept() {
        assertEquals("\"\ud83d\ude00\"", JsonStrings.quote("\ud83d\ude00"));
        assertEquals("\"a\\ud800b\\udc00\\ud83d\"", JsonStrings.quote("a\ud800b\udc00\ud83d"));
        assertEquals("\"\\ude00\ud83d\ude00\"", JsonStrings.quote("\ude00\ud83d\ude00"));
    }
}
