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
 * failed cannot erase the record of its failure. High-rate facts (a refresh) go through
 * {@link #recordLater}: queued in memory and inserted in JDBC batches by one background thread
 * every {@code gatehouse.audit.batch-interval}; a clean shutdown writes every queued event before
 * the datasource closes, a crash loses at most the last interval's.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private static final String INSERT = "INSERT INTO audit_event (id, occurred_at, type, account_id, client_address, user_agent, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Clock clock;
    private final java.time.Duration retention;
    private final io.agroal.api.AgroalDataSource dataSource;
    private final AuditConfig config;
    private final java.util.concurrent.LinkedBlockingDeque<AuditEvent> pending = new java.util.concurrent.LinkedBlockingDeque<>();
    private final java.util.concurrent.ScheduledExecutorService flusher;
    private final Object flushLock = new Object();

    public AuditLog(Clock clock, AuditConfig config, io.agroal.api.AgroalDataSource dataSource) {
        this.clock = clock;
        this.retention = config.retention();
        this.config = config;
        this.dataSource = dataSource;
        this.flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-audit-batch");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, config.batchInterval().toMillis());
        flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Queues the event to be inserted with others off the request path (the time it happened is
     * taken now). With the backlog full the caller writes it at once, so nothing is dropped.
     */
    public void recordLater(AuditEventType type, UUID accountId, ClientInfo client, String detail) {
        AuditEvent e = event(type, accountId, client, detail);
        if (pending.size() >= config.batchBacklog()) {
            record(type, accountId, client, detail);
            return;
        }
        pending.add(e);
    }

    /** Inserts every queued event now (tests, shutdown). */
    public void flush() {
        synchronized (flushLock) {
            while (!pending.isEmpty()) {
                java.util.List<AuditEvent> batch = new java.util.ArrayList<>();
                pending.drainTo(batch, Math.max(1, config.batchSize()));
                try {
                    insert(batch);
                } catch (java.sql.SQLException | RuntimeException ex) {
                    // Back to the front, in order, for the next attempt: the database is down, not the events wrong.
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        pending.addFirst(batch.get(i));
                    }
                    throw new IllegalStateException("could not write " + batch.size() + " audit events", ex);
                }
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException ex) {
            LOG.errorf("Could not write %d queued audit events; retrying", pending.size());
        }
    }

    private void insert(java.util.List<AuditEvent> batch) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement s = c.prepareStatement(INSERT)) {
                for (AuditEvent e : batch) {
                    s.setObject(1, e.id);
                    s.setObject(2, java.time.OffsetDateTime.ofInstant(e.occurredAt, java.time.ZoneOffset.UTC));
                    s.setString(3, e.type.name());
                    s.setObject(4, e.accountId);
                    s.setString(5, e.clientAddress);
                    s.setString(6, e.userAgent);
                    s.setString(7, e.detail);
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (java.sql.SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Before the datasource closes (a lower priority than the default observers'): every queued event is written. */
    void onStop(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(1) io.quarkus.runtime.ShutdownEvent event) {
        flusher.shutdownNow();
        try {
            flush();
        } catch (RuntimeException ex) {
            LOG.errorf("Shutting down with %d audit events not written (database unavailable)", pending.size());
        }
    }

    /** Events queued and not yet written. */
    public int pendingCount() {
        return pending.size();
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
        event(type, accountId, client, detail).persist();
    }

    private AuditEvent event(AuditEventType type, UUID accountId, ClientInfo client, String detail) {
        AuditEvent e = new AuditEvent();
        e.id = UUID.randomUUID();
        e.occurredAt = clock.instant();
        e.type = type;
        e.accountId = accountId;
        e.clientAddress = client == null ? null : client.address();
        e.userAgent = client == null ? null : client.userAgent();
        e.detail = detail == null || detail.length() <= 512 ? detail : detail.substring(0, 512);
        return e;
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
        flushQuietly();
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(q.toString(), params).page(page, size).list());
    }

    /** Drops events older than the retention period. */
    @io.quarkus.scheduler.Scheduled(every = "1h", delayed = "5m")
    void purge() {
        QuarkusTransaction.requiringNew().run(() -> AuditEvent.delete("occurredAt < ?1", clock.instant().minus(retention)));
    }

    /** The newest events of one account, newest first. */
    public List<AuditEvent> forAccount(UUID accountId, int limit) {
        flushQuietly();
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find("accountId = ?1 order by occurredAt desc", accountId)
                .page(0, limit).list());
    }
}
