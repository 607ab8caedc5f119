package dev.gatehouse.passkey;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded default's ceremonies: one instance, in memory, dropped once expired. */
public class InMemoryPasskeyChallengeStore implements PasskeyChallengeStore {

    private record Entry(String value, long until) {
    }

    private final Map<String, Entry> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryPasskeyChallengeStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(String handle, String value, Duration ttl) {
        long now = clock.millis();
        if (pending.size() > 100_000) {
            pending.values().removeIf(e -> e.until() <= now);
        }
        pending.put(handle, new Entry(value, now + Math.max(1, ttl.toMillis())));
    }

    @Override
    public Optional<String> take(String handle) {
        Entry e = pending.remove(handle);
        return e == null || e.until() <= clock.millis() ? Optional.empty() : Optional.of(e.value());
    }
}
