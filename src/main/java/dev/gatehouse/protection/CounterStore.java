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
     * Admits one password check before any hash work, atomically with the lock check: refused
     * (nothing counted) while {@code lockKey} is live, or while the failures so far plus the checks
     * already in flight ({@code pendingKey}) would reach the next multiple of {@code threshold}.
     * So no more checks can be under way than failures would still be allowed, and parallel
     * guesses cannot all be verified before the lock lands. An admitted check is counted in
     * flight (for at most {@code pendingTtl}, in case its instance dies) until {@link #settle}.
     * The three keys must share a Redis hash tag.
     */
    Attempt admit(String failKey, String lockKey, String pendingKey, int threshold, Duration pendingTtl);

    /**
     * Ends an admitted check: no longer in flight; a {@code FAILURE} adds one to {@code failKey}
     * (remembered for {@code failureMemory}) and, on reaching a multiple of {@code threshold}, sets
     * {@code lockKey} for {@code base} doubled per earlier lock, at most {@code max}; a
     * {@code SUCCESS} clears the failures; a {@code RELEASE} changes nothing else; {@code NONE}
     * (for a check that was not admitted) changes nothing at all, and costs the same round trip. Returns the failures and the lock set (0 for none).
     */
    Attempt settle(String failKey, String lockKey, String pendingKey, Outcome outcome, Duration failureMemory, int threshold,
                   Duration base, Duration max);

    /** How an admitted check ended: a wrong password, a success, or neither (it failed on the way). */
    enum Outcome { FAILURE, SUCCESS, RELEASE, NONE }

    /** The outcome of {@link #admit} and {@link #settle}. */
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
