package dev.gatehouse.protection;

import java.time.Duration;

/**
 * Atomic counters shared by every instance: {@link RedisCounterStore} (one Lua script per call)
 * and {@link InMemoryCounterStore} (embedded default, and the fallback while Redis is unreachable).
 */
public interface CounterStore {

    /**
     * Adds one to {@code key}, which lives {@code window} from its first increment (or, with
     * {@code sliding}, from this one); returns the new value and the milliseconds it has left.
     */
    long[] increment(String key, Duration window, boolean sliding);

    /** The counter's value, 0 when absent. */
    long value(String key);

    /** Sets {@code key} to expire in {@code ttl} with a value of 1 (a lock marker). */
    void lock(String key, Duration ttl);

    /** Milliseconds left on a lock marker, 0 when none. */
    long lockRemainingMillis(String key);

    void delete(String... keys);
}
