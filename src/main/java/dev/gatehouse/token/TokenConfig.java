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

    /** Longest life of a refresh-token family (a login), however often it is used. */
    @WithDefault("P30D")
    Duration refreshAbsoluteLifetime();

    /** A family unused for this long ends. */
    @WithDefault("P7D")
    Duration refreshIdleLifetime();

    /** A refresh token used again within this time gets the same successor pair instead of a replay verdict. */
    @WithDefault("10s")
    Duration refreshGraceWindow();

    /**
     * Service clients allowed to call introspection, revocation and the revocation feed, as
     * {@code id:secret} pairs (HTTP Basic). None configured: those endpoints refuse everyone.
     */
    java.util.Optional<java.util.List<String>> serviceClients();

    /** How often each instance checks that Redis still holds the revocations (re-seeding it if not). */
    @WithDefault("15s")
    Duration reseedCheckInterval();

    /**
     * How often each instance reads the revocation feed's new entries from the database, to learn
     * what the other instances revoked per Redis hash slot: a slot that then holds less (a failover
     * to a replica that missed those writes) is caught up before a check in it answers. A failover
     * takes longer than this, so the instances know what the new master must hold by then.
     */
    @WithDefault("1s")
    Duration feedPollInterval();
}
