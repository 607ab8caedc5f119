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

    public AuditLog(Clock clock) {
        this.clock = clock;
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

    /** The newest events of one account, newest first. */
    public List<AuditEvent> forAccount(UUID accountId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find("accountId = ?1 order by occurredAt desc", accountId)
                .page(0, limit).list());
    }
}
