package dev.gatehouse.passkey;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded default's ceremony store: single use, and gone once expired. */
class InMemoryPasskeyChallengeStoreTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void takeWhenTakenTwiceThenSecondEmpty() {
        InMemoryPasskeyChallengeStore store = new InMemoryPasskeyChallengeStore(clock);
        store.put("h", "v", Duration.ofMinutes(2));
        assertEquals(Optional.of("v"), store.take("h"));
        assertEquals(Optional.empty(), store.take("h"));
        assertEquals(Optional.empty(), store.take("unknown"));
    }

    @Test
    void takeWhenExpiredThenEmpty() {
        InMemoryPasskeyChallengeStore store = new InMemoryPasskeyChallengeStore(clock);
        store.put("h", "v", Duration.ofMinutes(2));
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertEquals(Optional.empty(), store.take("h"));
    }
}
