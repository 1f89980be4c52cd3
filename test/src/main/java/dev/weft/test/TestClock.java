package dev.weft.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so that what a store or the sessions decide
 * by time (expiry of the {@link InMemorySessionStore}, tombstones, creation times, absolute
 * lifetimes) is tested without sleeping. {@link WeftExtension} gives each test a new one, shared
 * by that test's store and {@code Sessions}; ask for it as a parameter.
 *
 * <pre>{@code
 * @Test
 * void anIdleSessionExpires(Sessions sessions, TestClock clock, StoredSessions stored) {
 *     ...
 *     clock.advance(Duration.ofMinutes(31));
 *     assertEquals(0, stored.count());
 * }
 * }</pre>
 *
 * <p>Thread-safe. Clocks made by {@link #withZone} share this clock's time.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock at the current time, in whole milliseconds, in UTC. */
    public TestClock() {
        this(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * A clock at {@code start}, in UTC.
     *
     * @param start where the clock stands until it is moved
     */
    public TestClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the clock forward.
     *
     * @param by how far; zero does nothing
     * @throws IllegalArgumentException if {@code by} is negative: time does not run backwards here
     */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("a TestClock only moves forward, not by " + by);
        }
        now.updateAndGet(instant -> instant.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A clock in {@code zone} that shares this clock's time: moving either moves both. */
    @Override
    public TestClock withZone(ZoneId zone) {
        return new TestClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + ", " + zone + "]";
    }
}
