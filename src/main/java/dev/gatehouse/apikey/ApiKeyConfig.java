package dev.gatehouse.apikey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Personal API keys ({@code GATEHOUSE_API_KEY_*}). */
@ConfigMapping(prefix = "gatehouse.api-key")
public interface ApiKeyConfig {

    /**
     * Server secret of the keyed hash (HMAC-SHA-256) under which keys are stored
     * ({@code GATEHOUSE_API_KEY_SECRET}, at least 32 characters, the same on every instance). No
     * production default: the service refuses to start without it. Changing it invalidates every key.
     */
    String secret();

    /** Most keys (not revoked, not expired) one account may hold. */
    @WithDefault("25")
    int maxPerAccount();

    /** Whether a new key must say when it expires ({@code expiresIn}); when false a key without it never expires. */
    @WithDefault("true")
    boolean expiryRequired();

    /**
     * A key is created only by a session that signed in at most this long ago (its sign-in, not
     * its last refresh): a stolen access or refresh token of an older session cannot turn itself
     * into a long-lived key. Past it: 403 {@code recent-sign-in-required}; sign in again.
     */
    @WithDefault("10m")
    Duration createWithin();

    /** Longest life a new key may ask for. */
    @WithDefault("P365D")
    Duration maxLifetime();

    /** Life of an access token obtained by exchanging a key (RFC 8693); never longer than {@code GATEHOUSE_ACCESS_TOKEN_TTL}. */
    @WithDefault("PT5M")
    Duration exchangedTokenTtl();

    /** How often the last-used times gathered in memory are written to the database (and at shutdown). */
    @WithDefault("30s")
    Duration lastUsedFlushInterval();
}
