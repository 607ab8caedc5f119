package dev.gatehouse.passkey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Passkeys: the relying party and the rules of the WebAuthn ceremonies ({@code GATEHOUSE_WEBAUTHN_*}). */
@ConfigMapping(prefix = "gatehouse.webauthn")
public interface WebAuthnConfig {

    /**
     * Relying-party id ({@code GATEHOUSE_WEBAUTHN_RP_ID}): the registrable domain passkeys are
     * bound to, such as {@code example.com}. Unset: the host of {@code GATEHOUSE_ISSUER}. A passkey
     * made for one RP id never works for another, so choose it once.
     */
    Optional<String> rpId();

    /**
     * Origins allowed to run the ceremonies ({@code GATEHOUSE_WEBAUTHN_ORIGINS}, comma separated,
     * {@code scheme://host[:port]}). Unset: the origin of {@code GATEHOUSE_ISSUER}. Each must be
     * the RP id or under it.
     */
    Optional<List<String>> origins();

    /** Name the browser shows for the relying party. */
    @WithDefault("Gatehouse")
    String rpName();

    /** Life of a challenge (registration, sign-in, second factor); each is also single use. */
    @WithDefault("2m")
    Duration challengeLifetime();

    /**
     * Attestation policy: {@code none} (the default: nothing asked, any statement accepted, neither
     * checked nor kept) or {@code required} (attestation {@code direct} asked and its signature
     * verified under the certificate it carries; a {@code none} statement, self attestation, or a
     * signature that does not verify refuses the registration). Only keys registered under
     * {@code required} sign in as {@code hwk}.
     */
    @WithDefault("none")
    Attestation attestation();

    /**
     * A passkey is registered only by a session that signed in at most this long ago (like
     * {@code GATEHOUSE_API_KEY_CREATE_WITHIN}): 403 {@code recent-sign-in-required} past it.
     */
    @WithDefault("10m")
    Duration registerWithin();

    /** Most passkeys one account may hold. */
    @WithDefault("20")
    int maxPerAccount();

    /** Sign-in ceremonies (options and finish) per client address per minute. */
    @WithDefault("30")
    int perAddress();

    /** The attestation policy. */
    enum Attestation { NONE, REQUIRED }
}
