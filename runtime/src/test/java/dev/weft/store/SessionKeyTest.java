package dev.weft.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionKeyTest {

    @Test
    void generatedKeysAre64AlphanumericCharactersAndDistinct() {
        Set<String> seen = new HashSet<>();
        int[] counts = new int[128];
        for (int i = 0; i < 2000; i++) {
            String value = SessionKey.generate().value();
            assertEquals(64, value.length());
            assertTrue(value.matches("[A-Za-z0-9]{64}"), value);
            assertTrue(seen.add(value));
            value.chars().forEach(c -> counts[c]++);
        }
        // Every one of the 62 characters appears (128,000 draws, ~2,065 expected each).
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray()) {
            assertTrue(counts[c] > 1500, "character " + c + " drawn " + counts[c] + " times");
        }
    }

    @Test
    void parseAcceptsVisibleAsciiUpTo4064Characters() {
        String longest = "!".repeat(SessionKey.MAX_LENGTH);
        assertEquals(longest, SessionKey.parse(longest).value());
        assertEquals("a~b!\"#", SessionKey.parse("a~b!\"#").value());
        assertEquals("x", SessionKey.parse("x").value());
    }

    @Test
    void parseRejectsWithTheRuleAndNeverEchoesTheKey() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> SessionKey.parse(""));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        String tooLong = "s3cret".repeat(700);
        IllegalArgumentException longer = assertThrows(IllegalArgumentException.class, () -> SessionKey.parse(tooLong));
        assertTrue(longer.getMessage().contains("4064"), longer.getMessage());
        assertFalse(longer.getMessage().contains("s3cret"), longer.getMessage());

        for (String bad : new String[] {"s3cret key", "s3cret\tkey", "s3cret\u00e9", "s3cret\u007f", "s3cret\n"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionKey.parse(bad));
            assertTrue(e.getMessage().contains("visible ASCII"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> SessionKey.parse(null));
    }

    @Test
    void toStringIsRedactedAndEqualityIsByValue() {
        SessionKey key = SessionKey.generate();
        assertFalse(key.toString().contains(key.value()));
        assertEquals(key, SessionKey.parse(key.value()));
        assertEquals(key.hashCode(), SessionKey.parse(key.value()).hashCode());
        assertNotEquals(key, SessionKey.generate());
        assertNotEquals(SessionKey.parse("abc"), SessionKey.parse("abd"));
        assertNotEquals(SessionKey.parse("abc"), SessionKey.parse("abcd"));
    }
}
