package dev.gatehouse.protection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters in this process: limited, never unlimited, when Redis is not there. */
public class InMemoryCounterStore implements CounterStore {

    private record Entry(long value, long expiresAtMillis) {
    }

    private static final int MAX_KEYS = 100_000;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public long[] increment(String key, Duration window, boolean sliding) {
        long now = System.currentTimeMillis();
        if (entries.size() > MAX_KEYS) {
            entries.values().removeIf(e -> e.expiresAtMillis() <= now);
        }
        Entry e = entries.compute(key, (k, old) -> old == null || old.expiresAtMillis() <= now
                ? new Entry(1, now + window.toMillis())
                : new Entry(old.value() + 1, sliding ? now + window.toMillis() : old.expiresAtMillis()));
        return new long[]{e.value(), e.expiresAtMillis() - now};
    }

    @Override
    public long value(String key) {
        Entry e = entries.get(key);
        return e == null || e.expiresAtMillis() <= System.currentTimeMillis() ? 0 : e.value();
    }

    @Override
    public void lock(String key, Duration ttl) {
        entries.put(key, new Entry(1, System.currentTimeMillis() + ttl.toMillis()));
    }

    @Override
    public long lockRemainingMillis(String key) {
        Entry e = entries.get(key);
        long left = e == null ? 0 : e.expiresAtMillis() - System.currentTimeMillis();
        return Math.max(0, left);
    }

    @Override
    public synchronized Attempt admit(String failKey, String lockKey, String pendingKey, int threshold, Duration pendingTtl) {
        long left = lockRemainingMillis(lockKey);
        if (left > 0) {
            return new Attempt(true, 0, left);
        }
        long failures = value(failKey);
        long next = (failures / Math.max(1, threshold) + 1) * Math.max(1, threshold);
        if (failures + value(pendingKey) >= next) {
            return new Attempt(true, failures, 0);
        }
        increment(pendingKey, pendingTtl, true);
        return new Attempt(false, failures, 0);
    }

    @Override
    public synchronized Attempt settle(String failKey, String lockKey, String pendingKey, Outcome outcome, Duration failureMemory,
                                       int threshold, Duration base, Duration max) {
        if (outcome == Outcome.NONE) {
            return new Attempt(false, 0, 0);
        }
        long now = System.currentTimeMillis();
        entries.computeIfPresent(pendingKey, (k, e) -> e.value() > 1 && e.expiresAtMillis() > now
                ? new Entry(e.value() - 1, e.expiresAtMillis()) : null);
        if (outcome == Outcome.RELEASE) {
            return new Attempt(false, value(failKey), 0);
        }
        if (outcome == Outcome.SUCCESS) {
            delete(failKey, lockKey);
            return new Attempt(false, 0, 0);
        }
        long failures = increment(failKey, failureMemory, true)[0];
        long lock = CounterStore.lockMillis(failures, threshold, base, max);
        if (lock > 0) {
            lock(lockKey, Duration.ofMillis(lock));
        }
        return new Attempt(false, failures, lock);
    }

    @Override
    public void delete(String... keys) {
        for (String k : keys) {
            entries.remove(k);
        }
    }
}
