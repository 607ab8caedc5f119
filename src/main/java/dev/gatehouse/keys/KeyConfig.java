package dev.gatehouse.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Signing keys and their rotation. */
@ConfigMapping(prefix = "gatehouse.keys")
public interface KeyConfig {

    /** How long a key signs before the next one takes over. */
    @WithDefault("P30D")
    Duration rotationPeriod();

    /**
     * How long a new key is published in the JWKS before it signs anything. Must exceed the JWKS
     * cache lifetime plus the reload interval, so every verifier and instance knows it in time.
     */
    @WithDefault("PT1H")
    Duration publishLead();

    /** How often each instance re-reads the keys from the database and checks whether to rotate. */
    @WithDefault("30s")
    Duration reloadInterval();

    /** {@code Cache-Control: max-age} of the JWKS and discovery documents. */
    @WithDefault("PT5M")
    Duration jwksMaxAge();

    /**
     * The algorithms this deployment keeps signing keys for ({@code GATEHOUSE_KEYS_ALGORITHMS},
     * comma-separated): any of {@code RS256}, {@code PS256}, {@code ES256}, {@code EdDSA} (exact
     * spelling). Each gets its own key (own {@code kid}, in the JWKS with its {@code alg}), rotated by
     * the same rules; RS256 must be among them (OpenID Connect requires it for ID tokens, and it is
     * what clients that ask for nothing get). A wrong value stops the start. See
     * docs/performance.md, "Signing algorithms".
     */
    @WithDefault("RS256")
    List<String> algorithms();

    /**
     * The algorithm of access tokens ({@code GATEHOUSE_KEYS_ACCESS_TOKEN_ALGORITHM}); must be one of
     * {@link #algorithms()}. Verifiers (every service that checks tokens) must accept it before it is
     * switched on. While a newly enabled algorithm's first key waits out {@link #publishLead()},
     * access tokens are signed with RS256.
     */
    @WithDefault("RS256")
    String accessTokenAlgorithm();

    /** RSA modulus size of new keys (RS256 and PS256). */
    @WithDefault("2048")
    int rsaBits();

    /**
     * Install the Amazon Corretto Crypto Provider (native AWS-LC) as the first JCA provider where it
     * loads; the JDK's providers otherwise, and always with {@code false}. See {@link CryptoProvider}.
     */
    @WithDefault("true")
    boolean nativeCrypto();
}
