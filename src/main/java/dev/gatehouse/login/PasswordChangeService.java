package dev.gatehouse.login;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.password.PasswordHasher;
import dev.gatehouse.password.PasswordPolicy;
import dev.gatehouse.protection.BruteForceProtector;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.util.UUID;

/**
 * Password change: needs the current password (checked like a login: rate limit, lockout,
 * failures counted), the new one must pass the policy, and other sessions end on request. The
 * account's pending e-mail change and password-reset links end with the old password
 * ({@link PasswordChanged}, in the transaction that replaces the hash).
 */
@ApplicationScoped
public class PasswordChangeService {

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final BruteForceProtector protector;
    private final RateLimiter limiter;
    private final ProtectionConfig protection;
    private final RefreshTokenService refreshTokens;
    private final AuditLog audit;
    private final MfaService mfa;
    private final Event<PasswordChanged> changed;

    public PasswordChangeService(AccountService accounts, PasswordHasher hasher, PasswordPolicy policy, BruteForceProtector protector,
                                 RateLimiter limiter, ProtectionConfig protection, RefreshTokenService refreshTokens, AuditLog audit,
                                 MfaService mfa, Event<PasswordChanged> changed) {
        this.changed = changed;
        this.mfa = mfa;
        this.accounts = accounts;
        this.hasher = hasher;
        this.policy = policy;
        this.protector = protector;
        this.limiter = limiter;
        this.protection = protection;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
    }

    /**
     * With MFA on, a fresh second factor ({@code otp} or {@code backupCode}) is needed too: without
     * one, 403 {@code mfa-code-required} before any password work; it is checked (and used up) only
     * after the current password passed.
     */
    public void change(UUID accountId, UUID currentSession, String current, String replacement, boolean endOtherSessions,
                       String otp, String backupCode, ClientInfo client) {
        limiter.require("password-account", accountId.toString(), protection.loginPerAccount());
        boolean secondFactor = mfa.enabled(accountId);
        if (secondFactor && isBlank(otp) && isBlank(backupCode)) {
            audit.record(AuditEventType.PASSWORD_CHANGED_ERROR, accountId, client, "second factor missing");
            throw new ProblemException(403, "mfa-code-required", "Second factor required",
                    "Changing the password needs a current code from the authenticator app (otp) or a backup code (backupCode).");
        }
        AccountService.Credentials account;
        try {
            account = requireCurrentPassword(accountId, current, secondFactor, client);
        } catch (ProblemException e) {
            audit.record(AuditEventType.PASSWORD_CHANGED_ERROR, accountId, client, "current password refused");
            throw e;
        }
        String email = accounts.view(accountId).map(v -> v.email()).orElse(null);
        policy.check(replacement, email);
        if (secondFactor) {
            try {
                mfa.requireFreshFactor(accountId, otp, backupCode, client);
            } catch (ProblemException e) {
                audit.record(AuditEventType.PASSWORD_CHANGED_ERROR, accountId, client, "second factor refused");
                throw e;
            }
        }
        String hash = hasher.hash(replacement);
        // The new hash and the end of what was pending on the old password (an e-mail change, a
        // reset link: see PasswordChanged) commit together.
        boolean replaced = QuarkusTransaction.requiringNew().call(() -> {
            if (!accounts.upgradePasswordHash(accountId, account.passwordHash(), hash)) {
                return false;
            }
            changed.fire(new PasswordChanged(accountId));
            return true;
        });
        if (!replaced) {
            throw new ProblemException(409, "conflict", "Conflict", "The password changed meanwhile; try again.");
        }
        if (endOtherSessions) {
            refreshTokens.revokeOtherFamilies(accountId, currentSession, "password-changed");
        }
        // Sign-ins waiting for their second factor were bound to the old password.
        mfa.endPendingSignIns(accountId);
        audit.record(AuditEventType.PASSWORD_CHANGED, accountId, client, endOtherSessions ? "other sessions ended" : null);
    }

    /**
     * Checks the account's current password like a login (lockout admitted before the hash work,
     * failures counted); 403 {@code current-password-wrong} when it is not right, the account is
     * disabled or locked. With {@code secondFactorFollows}, a right password settles nothing yet
     * (the failures counted so far stay until the code is right). The caller limits the rate.
     */
    public AccountService.Credentials requireCurrentPassword(UUID accountId, String current, boolean secondFactorFollows,
                                                             ClientInfo client) {
        AccountService.Credentials account = accounts.credentials(accountId).filter(AccountService.Credentials::active)
                .orElseThrow(() -> wrongCurrent());
        boolean secondFactor = secondFactorFollows;
        // Admitted before the hash work, like a login: parallel guesses stop at the lock.
        boolean admitted = protector.admit(accountId);
        boolean matches;
        boolean settled = !admitted;
        try {
            matches = current != null && policy.withinLengthLimit(current) && hasher.verify(current, account.passwordHash()).matches();
            if (!admitted) {
                protector.recordRefused(accountId);
            } else {
                if (matches && secondFactor) {
                    // The code is still to come: failures (wrong codes included) stay counted.
                    protector.release(accountId);
                } else if (matches) {
                    protector.recordSuccess(accountId);
                } else {
                    protector.recordFailure(accountId, client);
                }
                settled = true;
            }
        } finally {
            if (!settled) {
                protector.release(accountId);
            }
        }
        if (!matches || !admitted) {
            throw wrongCurrent();
        }
        return account;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static ProblemException wrongCurrent() {
        return new ProblemException(403, "current-password-wrong", "Current password refused",
                "The current password is not correct.");
    }
}
