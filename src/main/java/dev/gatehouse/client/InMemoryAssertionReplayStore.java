package dev.gatehouse.client;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded default's replay store: one instance, entries dropped once expired. */
public class InMemoryAssertionReplayStore implements AssertionReplayStore {

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryAssertionReplayStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String clientId, String jti, long ttlSeconds) {
        long now = clock.millis();
        if (seen.size() > 100_000) {
            seen.values().removeIf(until -> until <= now);
        }
        String key = clientId + "\u0000" + jti;
        long until = now + Math.max(1, ttlSeconds) * 1000;
        Long previous = seen.compute(key, (k, old) -> old != null && old > now ? old : null);
        if (previous != null) {
            return false;
        }
        return seen.putIfAbsent(key, until) == null;
    }
}
