package dev.gatehouse.common;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of every {@code @QuarkusTest}: the system clock, moved by tests instead of sleeping
 * ({@link #advance}), or held still ({@link #freeze}) to pin events into one second. Tests that
 * move it call {@link #reset} afterwards. Not part of the packaged jar.
 */
public final class TestClock extends Clock {

    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);
    private static final AtomicReference<Instant> FROZEN = new AtomicReference<>();

    /** Moves "now" forward by {@code d} for every capability at once. */
    public static void advance(Duration d) {
        OFFSET.accumulateAndGet(d, Duration::plus);
        Instant f = FROZEN.get();
        if (f != null) {
            FROZEN.set(f.plus(d));
        }
    }

    /** Holds "now" at {@code at} until {@link #reset}. */
    public static void freeze(Instant at) {
        FROZEN.set(at);
    }

    public static void reset() {
        OFFSET.set(Duration.ZERO);
        FROZEN.set(null);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant f = FROZEN.get();
        return f != null ? f : Instant.now().plus(OFFSET.get());
    }

    /** Replaces the production {@code ClockProducer}'s clock in tests. */
    @ApplicationScoped
    public static class Producer {
        @Produces
        @Alternative
        @Priority(1)
        @ApplicationScoped
        Clock clock() {
            return new TestClock();
        }
    }
}
