package dev.gatehouse.lifecycle;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.EmailAddress;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.login.PasswordChangeService;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.UUID;

/**
 * E-mail change: needs the current password (and the second factor when MFA is on); the new
 * address gets a link, and only that link makes it the account's address (then the old address
 * is told, see {@link EmailVerificationService}). Until then sign-in and mail stay on the old one.
 */
@ApplicationScoped
public class EmailChangeService {

    private final PasswordChangeService passwords;
    private final MfaService mfa;
    private final AccountService accounts;
    private final EmailVerificationService verification;
    private final RateLimiter limiter;
    private final ProtectionConfig protection;
    private final LifecycleConfig config;
    private final AuditLog audit;
    private final LifecycleLinks links;

    public EmailChangeService(PasswordChangeService passwords, MfaService mfa, AccountService accounts,
                              EmailVerificationService verification, RateLimiter limiter, ProtectionConfig protection,
                              LifecycleConfig config, AuditLog audit, LifecycleLinks links) {
        this.links = links;
        this.passwords = passwords;
        this.mfa = mfa;
        this.accounts = accounts;
        this.verification = verification;
        this.limiter = limiter;
        this.protection = protection;
        this.config = config;
        this.audit = audit;
    }

    /**
     * 400 for an address that cannot be one or is the current one; 403 {@code current-password-wrong},
     * {@code mfa-code-required}, {@code mfa-code-invalid}; 409 {@code email-taken}; 429 past the
     * limits (per account, and mails to one address per window).
     */
    public void request(UUID accountId, String rawNewEmail, String currentPassword, String otp, String backupCode, Locale locale,
                        ClientInfo client) {
        limiter.require("email-change-account", accountId.toString(), protection.loginPerAccount());
        String newEmail = EmailAddress.require(rawNewEmail);
        AccountService.Contact contact = accounts.contact(accountId).filter(AccountService.Contact::active)
                .orElseThrow(() -> new ProblemException(403, "current-password-wrong", "Current password refused",
                        "The current password is not correct."));
        if (newEmail.equals(contact.email())) {
            throw ProblemException.invalid("email_unchanged", "This is already the account's e-mail address.");
        }
        boolean secondFactor = mfa.enabled(accountId);
        if (secondFactor && isBlank(otp) && isBlank(backupCode)) {
            audit.record(AuditEventType.EMAIL_CHANGE_ERROR, accountId, client, "second factor missing");
            throw new ProblemException(403, "mfa-code-required", "Second factor required",
                    "Changing the e-mail address needs a current code from the authenticator app (otp) or a backup code (backupCode).");
        }
        AccountService.Credentials checked;
        try {
            checked = passwords.requireCurrentPassword(accountId, currentPassword, secondFactor, client);
            mfa.requireFreshFactor(accountId, otp, backupCode, client);
        } catch (ProblemException e) {
            audit.record(AuditEventType.EMAIL_CHANGE_ERROR, accountId, client, e.rule() != null ? e.rule() : "refused");
            throw e;
        }
        if (accounts.emailTakenByOther(newEmail, accountId)) {
            audit.record(AuditEventType.EMAIL_CHANGE_ERROR, accountId, client, "address taken");
            throw new ProblemException(409, "email-taken", "E-mail taken", "An account with this e-mail address already exists.");
        }
        limiter.require("mail-request-email", newEmail, config.mailRequestsPerEmail(), config.mailWindow());
        boolean written = QuarkusTransaction.requiringNew().call(() -> {
            // Compare and set on the password hash, under the account row's lock: a password change
            // or reset (which write the row, then void the change links) either committed before,
            // and the hash this request was checked against is gone (refused), or waits for this
            // transaction, and then voids the link written here.
            if (accounts.lockCurrentCredentials(accountId,
                    current -> current.passwordHash() != null && current.passwordHash().equals(checked.passwordHash())) == null) {
                return false;
            }
            verification.mailChangeLink(accountId, newEmail, locale != null ? locale : contact.locale());
            audit.recordInCurrentTransaction(AuditEventType.EMAIL_CHANGE_REQUESTED, accountId, client, null);
            return true;
        });
        if (!written) {
            audit.record(AuditEventType.EMAIL_CHANGE_ERROR, accountId, client, "password changed meanwhile");
            throw new ProblemException(409, "conflict", "Conflict", "The password changed meanwhile; sign in again and retry.");
        }
    }

    /**
     * A password change (the holder knew the current password) voids, in its transaction, the
     * account's pending e-mail change (maybe asked for by someone with a stolen session, whom the
     * change means to shut out) and its reset links (asked for because the password was lost; it
     * was just set). Verification links stay: proving the address is what the owner asked for.
     */
    void onPasswordChanged(@jakarta.enterprise.event.Observes dev.gatehouse.login.PasswordChanged changed) {
        links.voidAll(changed.accountId(), LifecycleToken.Purpose.CHANGE_EMAIL, LifecycleToken.Purpose.RESET_PASSWORD);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
