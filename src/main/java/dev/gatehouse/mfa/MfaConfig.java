package dev.gatehouse.mfa;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Two-factor sign-in (TOTP and backup codes). */
@ConfigMapping(prefix = "gatehouse.mfa")
public interface MfaConfig {

    /** The issuer shown by authenticator apps (the {@code otpauth://} URI's issuer and label prefix). */
    @WithDefault("Gatehouse")
    String issuerName();

    /** How long an {@code mfa_token} (a sign-in waiting for its second factor) stays valid. */
    @WithDefault("5m")
    Duration challengeLifetime();

    /** Wrong codes one {@code mfa_token} may take; the next one voids it (the account's lockout counts them too). */
    @WithDefault("5")
    int challengeAttempts();

    /** MFA-step attempts (and other code checks) per account per rate-limit window. */
    @WithDefault("10")
    int verifyPerAccount();

    /** MFA-step attempts per client address per rate-limit window. */
    @WithDefault("20")
    int verifyPerAddress();

    /** Backup codes in a set. */
    @WithDefault("10")
    int backupCodes();

    /**
     * Roles whose accounts must use a second factor ({@code GATEHOUSE_MFA_REQUIRED_ROLES}, e.g.
     * {@code admin}): such an account without TOTP gets {@code mfa_enrollment_required} at its next
     * password sign-in and must enrol before any session exists.
     */
    Optional<Set<String>> requiredRoles();

    /** How long an enrolment started with an enrolment-only {@code mfa_token} may take. */
    @WithDefault("10m")
    Duration enrollmentLifetime();
}
