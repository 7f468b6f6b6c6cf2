package dev.tauon.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExcerptTest {
    @Test
    void shortValuesAreQuotedWhole() {
        assertEquals("\"conv1.weight\"", Excerpt.of("conv1.weight"));
        assertEquals("null", Excerpt.of(null));
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("\"a\\u0000b\\u001bc\\u007f\"", Excerpt.of("a\u0000b\u001bc\u007f"));
    }

    @Test
    void longValuesAreCutAndTheirLengthSaid() {
        String huge = "x".repeat(1_000_000);
        String shown = Excerpt.of(huge);
        assertEquals("\"" + "x".repeat(Excerpt.MAX_CHARS) + "...\" (1000000 chars)", shown);
    }
}
