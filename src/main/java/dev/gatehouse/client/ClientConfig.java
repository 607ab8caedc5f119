package dev.gatehouse.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Registered OAuth clients and the client-credentials grant ({@code GATEHOUSE_CLIENT_*}). */
@ConfigMapping(prefix = "gatehouse.client")
public interface ClientConfig {

    /** Life of a client-credentials access token; never longer than {@code GATEHOUSE_ACCESS_TOKEN_TTL}. */
    @WithDefault("PT15M")
    Duration tokenTtl();

    /** How long the previous secret keeps working after a rotation when the admin does not say. */
    @WithDefault("P1D")
    Duration secretRotationOverlap();

    /** Longest overlap an admin may ask for. */
    @WithDefault("P30D")
    Duration maxSecretRotationOverlap();

    /** Longest life of a {@code private_key_jwt} client assertion ({@code exp} at most this far from now). */
    @WithDefault("PT5M")
    Duration assertionMaxLifetime();

    /** Token requests per client per rate-limit window ({@code GATEHOUSE_PROTECTION_WINDOW}). */
    @WithDefault("600")
    int tokensPerClient();

    /** Failed client authentications at the token endpoint per client address per window; past it 429. */
    @WithDefault("20")
    int failuresPerAddress();

    /** Failed authentications per registered client id per window; past it 429 for that client's failures. */
    @WithDefault("20")
    int failuresPerClient();
}
