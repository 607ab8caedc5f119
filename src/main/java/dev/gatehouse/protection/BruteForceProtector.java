package dev.gatehouse.protection;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Temporary, progressive lockout per account. Every password check is reserved here before any
 * hash work, atomically with the lock check (one Lua script, whatever the number of instances and
 * parallel requests), so parallel guesses cannot all be verified before the lock lands: once a
 * multiple of the threshold has been reserved, further attempts are refused (and not counted)
 * until the lock ends. Each lock lasts the base time, doubled per further lockout, capped at the
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

    /**
     * Reserves one password check of the account, counted as a failure until {@link #recordSuccess}
     * clears it. False when the account is locked: the caller must refuse whatever the password.
     */
    public boolean reserveAttempt(UUID accountId, ClientInfo client) {
        CounterStore.Attempt a = counters.reserveAttempt(failKey(accountId), lockKey(accountId), config.failureMemory(),
                config.lockoutThreshold(), config.lockoutBase(), config.lockoutMax());
        if (!a.refused() && a.lockedForMillis() > 0) {
            audit.record(AuditEventType.LOCKOUT, accountId, client,
                    "locked for " + Math.max(1, a.lockedForMillis() / 1000) + " s after " + a.failures() + " failures");
        }
        return !a.refused();
    }

    public boolean isLocked(UUID accountId) {
        return counters.lockRemainingMillis(lockKey(accountId)) > 0;
    }

    public void recordSuccess(UUID accountId) {
        counters.delete(failKey(accountId), lockKey(accountId));
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
}
