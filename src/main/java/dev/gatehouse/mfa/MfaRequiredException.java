package dev.gatehouse.mfa;

import dev.gatehouse.common.OAuthErrorException;

import java.util.Map;

/**
 * A sign-in whose first factor passed and that needs a second one: 403 in RFC 6749's error shape
 * with the {@code mfa_token} to continue with at {@code POST /auth/mfa/verify}, or, when the
 * account's role requires MFA and it has none, {@code mfa_enrollment_required} with a token for
 * {@code POST /auth/mfa/enroll}.
 */
public class MfaRequiredException extends OAuthErrorException {

    private final transient MfaService.Pending pending;

    public MfaRequiredException(MfaService.Pending pending) {
        super(403, pending.requirement() == MfaService.Requirement.ENROLL ? "mfa_enrollment_required" : "mfa_required",
                pending.requirement() == MfaService.Requirement.ENROLL
                        ? "This account must turn on two-factor sign-in: enrol an authenticator app with the mfa_token at POST /auth/mfa/enroll."
                        : "A second factor is required: send the mfa_token with a code from the authenticator app (otp) or a backup code (backup_code) to POST /auth/mfa/verify.",
                Map.of("mfa_token", pending.mfaToken(), "expires_in", pending.expiresIn()));
        this.pending = pending;
    }

    public MfaService.Pending pending() {
        return pending;
    }
}
