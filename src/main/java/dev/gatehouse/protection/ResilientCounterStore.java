package dev.gatehouse.protection;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Redis first; while Redis cannot answer, this process's own counters. Limits stay limited
 * (per instance) during an outage instead of turning into "unlimited".
 */
public class ResilientCounterStore implements CounterStore {

    private static final Logger LOG = Logger.getLogger(ResilientCounterStore.class);

    private final CounterStore primary;
    private final CounterStore fallback;
    private final AtomicLong lastWarning = new AtomicLong();

    public ResilientCounterStore(CounterStore primary, CounterStore fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    private <T> T either(Supplier<T> first, Supplier<T> second) {
        try {
            return first.get();
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            long last = lastWarning.get();
            if (now - last > 10_000 && lastWarning.compareAndSet(last, now)) {
                LOG.warnf("Counter store unreachable; using this instance's own limits (%s)", e.toString());
            }
            return second.get();
        }
    }

    @Override
    public long[] increment(String key, Duration window, boolean sliding) {
        return either(() -> primary.increment(key, window, sliding), () -> fallback.increment(key, window, sliding));
    }

    @Override
    public long value(String key) {
        return either(() -> primary.value(key), () -> fallback.value(key));
    }

    @Override
    public void lock(String key, Duration ttl) {
        fallback.lock(key, ttl);
        either(() -> {
            primary.lock(key, ttl);
            return null;
        }, () -> null);
    }

    @Override
    public long lockRemainingMillis(String key) {
        // A lock set in either place holds.
        long local = fallback.lockRemainingMillis(key);
        return Math.max(local, either(() -> primary.lockRemainingMillis(key), () -> 0L));
    }

    @Override
    public Attempt admit(String failKey, String lockKey, String pendingKey, int threshold, Duration pendingTtl) {
        // A lock this instance set during an outage still holds once Redis is back.
        long local = fallback.lockRemainingMillis(lockKey);
        if (local > 0) {
            return new Attempt(true, 0, local);
        }
        return either(() -> primary.admit(failKey, lockKey, pendingKey, threshold, pendingTtl),
                () -> fallback.admit(failKey, lockKey, pendingKey, threshold, pendingTtl));
    }

    @Override
    public Attempt settle(String failKey, String lockKey, String pendingKey, Outcome outcome, Duration failureMemory,
                          int threshold, Duration base, Duration max) {
        if (outcome == Outcome.SUCCESS) {
            fallback.delete(failKey, lockKey);
        }
        Attempt a = either(() -> primary.settle(failKey, lockKey, pendingKey, outcome, failureMemory, threshold, base, max),
                () -> fallback.settle(failKey, lockKey, pendingKey, outcome, failureMemory, threshold, base, max));
        if (a.lockedForMillis() > 0) {
            // Mirror a new lock locally, so an outage right after it does not lift it.
            fallback.lock(lockKey, Duration.ofMillis(a.lockedForMillis()));
        }
        return a;
    }

    @Override
    public void delete(String... keys) {
        fallback.delete(keys);
        either(() -> {
            primary.delete(keys);
            return null;
        }, () -> null);
    }
}
