package dev.gatehouse.protection;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Temporary, progressive lockout per account. Every failed password check adds one (atomically,
 * whatever the number of instances and parallel requests); each multiple of the threshold locks
 * the account for the base time, doubled per further lockout, capped at the maximum. A success
 * clears it. While locked, even the right password gets the wrong-password answer.
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

    public boolean isLocked(UUID accountId) {
        return counters.lockRemainingMillis(lockKey(accountId)) > 0;
    }

    public void recordFailure(UUID accountId, ClientInfo client) {
        long failures = counters.increment(failKey(accountId), config.failureMemory(), true)[0];
        if (failures % config.lockoutThreshold() == 0) {
            long level = failures / config.lockoutThreshold();
            Duration lock = lockFor(level);
            counters.lock(lockKey(accountId), lock);
            audit.record(AuditEventType.LOCKOUT, accountId, client, "locked for " + lock.toSeconds() + " s after " + failures + " failures");
        }
    }

    public void recordSuccess(UUID accountId) {
        counters.delete(failKey(accountId), lockKey(accountId));
    }

    /** Failed checks remembered for the account. */
    public long failures(UUID accountId) {
        return counters.value(failKey(accountId));
    }

    Duration lockFor(long level) {
        long factor = 1L << Math.min(20, Math.max(0, level - 1));
        Duration d = config.lockoutBase().multipliedBy(factor);
        return d.compareTo(config.lockoutMax()) > 0 ? config.lockoutMax() : d;
    }

    private static String failKey(UUID id) {
        return "gh:lock:fail:" + id;
    }

    private static String lockKey(UUID id) {
        return "gh:lock:until:" + id;
    }
}
