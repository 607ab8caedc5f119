package dev.gatehouse.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

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

    /** RSA modulus size of new keys. */
    @WithDefault("2048")
    int rsaBits();

    /**
     * Install the Amazon Corretto Crypto Provider (native AWS-LC) as the first JCA provider where it
     * loads; the JDK's providers otherwise, and always with {@code false}. See {@link CryptoProvider}.
     */
    @WithDefault("true")
    boolean nativeCrypto();
}
