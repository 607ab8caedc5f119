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

    /**
     * Reserves one password check before any hash work, atomically with the lock check: when
     * {@code lockKey} is live nothing is counted and the attempt is refused; otherwise
     * {@code failKey} goes up by one (remembered for {@code failureMemory}) and, when the count
     * reaches a multiple of {@code threshold}, {@code lockKey} is set for {@code base} doubled per
     * earlier lock, at most {@code max}. The two keys must share a Redis hash tag.
     */
    Attempt reserveAttempt(String failKey, String lockKey, Duration failureMemory, int threshold, Duration base, Duration max);

    /** The outcome of {@link #reserveAttempt}. */
    record Attempt(boolean refused, long failures, long lockedForMillis) {
    }

    /** The lock a count reaching {@code failures} sets: 0 unless it is a multiple of the threshold. */
    static long lockMillis(long failures, int threshold, Duration base, Duration max) {
        if (threshold <= 0 || failures <= 0 || failures % threshold != 0) {
            return 0;
        }
        long level = failures / threshold;
        long factor = 1L << Math.min(20, Math.max(0, level - 1));
        return Math.max(1, Math.min(max.toMillis(), base.toMillis() * factor));
    }
}
