package dev.gatehouse.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Access-token verification and revocation. */
@ConfigMapping(prefix = "gatehouse.token")
public interface TokenConfig {

    /** Clock skew allowed on {@code exp}, {@code nbf} and {@code iat}; at most 60 seconds. */
    @WithDefault("30s")
    Duration leeway();

    /** How often each instance checks that Redis still holds the revocations (re-seeding it if not). */
    @WithDefault("15s")
    Duration reseedCheckInterval();
}
