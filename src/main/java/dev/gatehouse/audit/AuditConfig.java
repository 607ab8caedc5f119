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
}
