package dev.gatehouse.apikey;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last-used times of keys, gathered in memory (the latest per key) and written in one transaction
 * every {@code gatehouse.api-key.last-used-flush-interval} and at shutdown: no database write per
 * request. A time is only ever moved forward, so instances flushing in any order agree. A crash
 * loses at most one interval of last-used times, never anything a security check depends on.
 */
@ApplicationScoped
public class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
    private static final int MAX_PENDING = 100_000;

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    void used(UUID keyId, Instant at) {
        if (pending.size() < MAX_PENDING || pending.containsKey(keyId)) {
            pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Scheduled(every = "${gatehouse.api-key.last-used-flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        flush();
        try {
            // Rows of exchanged tokens that have expired can no longer be revoked: nothing to keep.
            QuarkusTransaction.requiringNew().run(() -> ApiKeyToken.delete("expiresAt < ?1", Instant.now()));
        } catch (RuntimeException e) {
            LOG.debug("Could not drop expired exchanged-token rows; next time");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        flush();
    }

    /** Writes what was gathered; returns how many keys were written. */
    public synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> batch.forEach((id, at) ->
                    ApiKey.update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?1)", at, id)));
        } catch (RuntimeException e) {
            // Put them back for the next run (a database blip must not lose them all).
            batch.forEach((id, at) -> used(id, at));
            LOG.warnf("Could not write API key last-used times (%d keys); retrying at the next flush", batch.size());
            return 0;
        }
        return batch.size();
    }
}
