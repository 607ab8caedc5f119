package dev.gatehouse.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How this instance treats a Redis that is slow or gone ({@link RedisBreaker}). */
@ConfigMapping(prefix = "gatehouse.redis")
public interface RedisConfig {

    /**
     * Longest wait for one reactive Redis call (the blocking ones use {@code quarkus.redis.timeout});
     * past it the call fails and the breaker opens. {@code 0} turns the timer off (measured: it
     * costs nothing visible on {@code /auth/me}), which leaves a blackholed Redis to hang requests.
     */
    @WithDefault("1s")
    Duration timeout();

    /** How long the breaker stays open after a failed call: calls fail at once meanwhile. */
    @WithDefault("2s")
    Duration openFor();
}
