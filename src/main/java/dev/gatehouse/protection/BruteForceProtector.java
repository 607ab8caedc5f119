package dev.gatehouse.protection;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Temporary, progressive lockout per account. Every password check is admitted here before any
 * hash work, atomically with the lock check (one Lua script, whatever the number of instances and
 * parallel requests): no more checks may be in flight than failures are still allowed before the
 * next lock, so parallel guesses cannot all be verified before the lock lands, and parallel right
 * passwords never lock anyone out. Attempts beyond that are refused and not counted. Each lock lasts the base time, doubled per further lockout, capped at the
 * maximum. A success clears the count. While locked, even the right password gets the
 * wrong-password answer.
 */
@ApplicationScoped
public class BruteForceProtector {

    private final CounterStore counters;
    private final ProtectionConfig config;
    private final AuditLog audit;

    public BruteForceProtector(CounterStore counters, ProtectionConfig config, AuditLog audit) {
        this.counters = counters;
        this.config = config;
        this.audit = audit;
    }

    /** How long an admitted check counts as in flight at most (its instance may die before settling it). */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(30);

    /**
     * Admits one password check of the account before any hash work: false while it is locked, or
     * while the failures so far plus the checks in flight would reach the next lock. An admitted
     * check must be settled: {@link #recordFailure}, {@link #recordSuccess} or {@link #release}.
     */
    public boolean admit(UUID accountId) {
        return !counters.admit(failKey(accountId), lockKey(accountId), pendingKey(accountId), config.lockoutThreshold(),
                IN_FLIGHT).refused();
    }

    /** An admitted check found a wrong password: counted, and a lock when it reaches the threshold. */
    public void recordFailure(UUID accountId, ClientInfo client) {
        CounterStore.Attempt a = settle(accountId, CounterStore.Outcome.FAILURE);
        if (a.lockedForMillis() > 0) {
            audit.record(AuditEventType.LOCKOUT, accountId, client,
                    "locked for " + Math.max(1, a.lockedForMillis() / 1000) + " s after " + a.failures() + " failures");
        }
    }

    /** An admitted check succeeded: the failures are forgotten. */
    public void recordSuccess(UUID accountId) {
        settle(accountId, CounterStore.Outcome.SUCCESS);
    }

    /** An admitted check ended without a verdict (an error on the way): only no longer in flight. */
    public void release(UUID accountId) {
        settle(accountId, CounterStore.Outcome.RELEASE);
    }

    /**
     * A check that was not admitted: nothing to settle, but the same Redis round trip as a settled
     * one, so a locked account answers in the same time as a wrong password.
     */
    public void recordRefused(UUID accountId) {
        settle(accountId, CounterStore.Outcome.NONE);
    }

    private CounterStore.Attempt settle(UUID accountId, CounterStore.Outcome outcome) {
        return counters.settle(failKey(accountId), lockKey(accountId), pendingKey(accountId), outcome, config.failureMemory(),
                config.lockoutThreshold(), config.lockoutBase(), config.lockoutMax());
    }

    public boolean isLocked(UUID accountId) {
        return counters.lockRemainingMillis(lockKey(accountId)) > 0;
    }

    /** Failed checks remembered for the account. */
    public long failures(UUID accountId) {
        return counters.value(failKey(accountId));
    }

    Duration lockFor(long level) {
        return Duration.ofMillis(CounterStore.lockMillis(level * config.lockoutThreshold(), config.lockoutThreshold(),
                config.lockoutBase(), config.lockoutMax()));
    }

    /** Both keys carry the account in one hash tag: the reservation script and DEL touch one slot. */
    private static String failKey(UUID id) {
        return "gh:lock:{" + id + "}:fail";
    }

    private static String lockKey(UUID id) {
        return "gh:lock:{" + id + "}:until";
    }

    private static String pendingKey(UUID id) {
        return "gh:lock:{" + id + "}:pending";
    }
}
