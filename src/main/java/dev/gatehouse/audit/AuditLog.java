package dev.gatehouse.audit;

import dev.gatehouse.common.ClientInfo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Writes audit records, each in a transaction of its own, so the rollback of the request that
 * failed cannot erase the record of its failure.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final Clock clock;
    private final java.time.Duration retention;

    public AuditLog(Clock clock, AuditConfig config) {
        this.clock = clock;
        this.retention = config.retention();
    }

    /** Writes the event in a transaction of its own (failures, and facts with nothing else to write). */
    public void record(AuditEventType type, UUID accountId, ClientInfo client, String detail) {
        try {
            QuarkusTransaction.requiringNew().run(() -> recordInCurrentTransaction(type, accountId, client, detail));
        } catch (RuntimeException ex) {
            LOG.errorf("Could not write audit event %s for account %s", type, accountId);
        }
    }

    /** Writes a success event in the caller's transaction: it commits with the fact it records, or not at all. */
    public void recordInCurrentTransaction(AuditEventType type, UUID accountId, ClientInfo client, String detail) {
        AuditEvent e = new AuditEvent();
        e.id = UUID.randomUUID();
        e.occurredAt = clock.instant();
        e.type = type;
        e.accountId = accountId;
        e.clientAddress = client == null ? null : client.address();
        e.userAgent = client == null ? null : client.userAgent();
        e.detail = detail == null || detail.length() <= 512 ? detail : detail.substring(0, 512);
        e.persist();
    }

    /** One page of events, newest first, filtered by whichever of account, type and time range are given. */
    public List<AuditEvent> query(UUID accountId, AuditEventType type, java.time.Instant from, java.time.Instant to, int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (accountId != null) {
            q.append(" and accountId = :account");
            params.put("account", accountId);
        }
        if (type != null) {
            q.append(" and type = :type");
            params.put("type", type);
        }
        if (from != null) {
            q.append(" and occurredAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            q.append(" and occurredAt < :to");
            params.put("to", to);
        }
        q.append(" order by occurredAt desc, id");
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(q.toString(), params).page(page, size).list());
    }

    /** Drops events older than the retention period. */
    @io.quarkus.scheduler.Scheduled(every = "1h", delayed = "5m")
    void purge() {
        QuarkusTransaction.requiringNew().run(() -> AuditEvent.delete("occurredAt < ?1", clock.instant().minus(retention)));
    }

    /** The newest events of one account, newest first. */
    public List<AuditEvent> forAccount(UUID accountId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find("accountId = ?1 order by occurredAt desc", accountId)
                .page(0, limit).list());
    }
}
