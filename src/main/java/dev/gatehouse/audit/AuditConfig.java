package dev.gatehouse.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The audit log. */
@ConfigMapping(prefix = "gatehouse.audit")
public interface AuditConfig {

    /** How long audit events are kept. */
    @WithDefault("P365D")
    Duration retention();

    /**
     * How often the events written off the request path ({@link AuditLog#recordLater}: one per
     * refresh) are inserted, in batches. A crash (not a clean shutdown, which writes them all) loses
     * at most the events of this last interval.
     */
    @WithDefault("200ms")
    Duration batchInterval();

    /** Most events one batch insert writes. */
    @WithDefault("500")
    int batchSize();

    /** Events that may wait; past this a caller writes its event itself (slower, never lost). */
    @WithDefault("20000")
    int batchBacklog();
}
