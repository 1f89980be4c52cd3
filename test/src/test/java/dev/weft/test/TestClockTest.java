package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {

    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void standsStillUntilMoved() {
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), clock.instant());
        clock.advance(Duration.ofMinutes(90).plusMillis(5));
        assertEquals(Instant.parse("2030-01-01T01:30:00.005Z"), clock.instant());
        assertEquals(clock.instant().toEpochMilli(), clock.millis());
        assertEquals(ZoneOffset.UTC, clock.getZone());
    }

    @Test
    void movesOnlyForward() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
        clock.advance(Duration.ZERO);
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), clock.instant());
    }

    @Test
    void aClockInAnotherZoneSharesTheTime() {
        TestClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        paris.advance(Duration.ofSeconds(1));
        assertEquals(clock.instant(), paris.instant());
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
    }
}
