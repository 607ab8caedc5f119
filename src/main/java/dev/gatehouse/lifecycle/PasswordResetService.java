package dev.gatehouse.lifecycle;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.mail.MailComposer;
import dev.gatehouse.mail.MailOutbox;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.password.PasswordHasher;
import dev.gatehouse.password.PasswordPolicy;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Password reset by a mailed link (30 minutes, single use). The request answers the same way
 * whether or not the address has an account ({@link LifecycleRequests} does the rest after the
 * answer); the reset applies the password policy, needs the second factor when MFA is on, and
 * ends every session and refresh family of the account, revokes its API keys, and (when the
 * address had never been proven) removes the passkeys, linked identities, TOTP and backup codes a
 * squatter could have attached ({@link dev.gatehouse.account.AddressFirstProven}; the second factor
 * of such an account is then not asked for). An admin can have the mail sent, never see or set the password.
 */
@ApplicationScoped
public class PasswordResetService {

    /** What the reset page needs to show for a live link: whether a code field is needed. */
    public record LinkState(boolean mfa) {
    }

    private final LifecycleLinks links;
    private final LifecycleConfig config;
    private final LifecycleRequests requests;
    private final AccountService accounts;
    private final MfaService mfa;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final RefreshTokenService refreshTokens;
    private final RateLimiter limiter;
    private final MailOutbox outbox;
    private final MailComposer mails;
    private final AuditLog audit;
    private final jakarta.enterprise.event.Event<AccountRecovered> recovered;
    private final EmailVerificationService verification;

    public PasswordResetService(LifecycleLinks links, LifecycleConfig config, LifecycleRequests requests, AccountService accounts,
                                MfaService mfa, PasswordPolicy policy, PasswordHasher hasher, RefreshTokenService refreshTokens,
                                RateLimiter limiter, MailOutbox outbox, MailComposer mails, AuditLog audit,
                                jakarta.enterprise.event.Event<AccountRecovered> recovered, EmailVerificationService verification) {
        this.verification = verification;
        this.recovered = recovered;
        this.links = links;
        this.config = config;
        this.requests = requests;
        this.accounts = accounts;
        this.mfa = mfa;
        this.policy = policy;
        this.hasher = hasher;
        this.refreshTokens = refreshTokens;
        this.limiter = limiter;
        this.outbox = outbox;
        this.mails = mails;
        this.audit = audit;
    }

    /**
     * "Forgot password": limited per client address and per named address, then the request is
     * written; the same work and answer for every well-formed address.
     */
    public void forgot(String rawEmail, Locale locale, ClientInfo client) {
        requests.accept(LifecycleRequest.Kind.RESET_PASSWORD, rawEmail, locale, client);
    }

    /** The job's part: a link for an active account with this address (with or without a password yet). */
    @Transactional(Transactional.TxType.MANDATORY)
    void mailLinkFor(String normalisedEmail, Locale locale) {
        accounts.contactByEmail(normalisedEmail).filter(AccountService.Contact::active)
                .ifPresent(c -> {
                    mailLink(c, locale != null ? locale : c.locale());
                    audit.recordInCurrentTransaction(AuditEventType.PASSWORD_RESET_REQUESTED, c.id(), null, null);
                });
    }

    /** {@code POST /admin/accounts/{id}/password-reset}: the account's owner gets the mail; false when there is no such account. */
    public boolean sendByAdmin(UUID accountId, String auditDetail, ClientInfo client) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<AccountService.Contact> contact = accounts.contact(accountId).filter(AccountService.Contact::active);
            contact.ifPresent(c -> {
                mailLink(c, c.locale());
                audit.recordInCurrentTransaction(AuditEventType.PASSWORD_RESET_REQUESTED, accountId, client, auditDetail);
            });
            return contact.isPresent();
        });
    }

    private void mailLink(AccountService.Contact c, Locale locale) {
        // A newer link replaces the older ones: one live reset link per account.
        links.voidAll(c.id(), LifecycleToken.Purpose.RESET_PASSWORD);
        String token = links.issue(LifecycleToken.Purpose.RESET_PASSWORD, c.id(), c.email(), config.resetTtl());
        outbox.enqueue(mails.resetPassword(c.email(), locale, links.url("/reset", token), config.resetTtl()));
    }

    /** The live link's state, for the hosted page (uses nothing up); empty when it is not live. */
    public Optional<LinkState> inspect(String token) {
        return QuarkusTransaction.requiringNew().call(() -> links.peek(token, LifecycleToken.Purpose.RESET_PASSWORD)
                .map(t -> new LinkState(secondFactorCounts(t.accountId))));
    }

    /**
     * Whether the account's second factor guards its reset: only once the address was proven. Before
     * that, whoever turned it on never proved the mailbox the reset link went to, and it goes with
     * the reset (otherwise a squatter's authenticator would lock the mailbox's owner out for good).
     */
    private boolean secondFactorCounts(UUID accountId) {
        return mfa.enabled(accountId) && accounts.contact(accountId).map(AccountService.Contact::emailVerified).orElse(true);
    }

    /**
     * Sets a new password through a live reset link. In this order, so nothing is used up by a
     * request that fails: the link must be live (400 {@code token-invalid}), the new password pass
     * the policy (400), the second factor be given and right when MFA is on (403
     * {@code mfa-code-required} / {@code mfa-code-invalid}, counted towards lockout); then the link
     * is used, the password replaced, every session, refresh family and access token of the
     * account ended, and pending MFA sign-ins voided, in one transaction.
     */
    public void reset(String token, String newPassword, String otp, String backupCode, ClientInfo client) {
        limiter.require("lifecycle-redeem-address", client.limitKey(), config.redeemPerAddress());
        LifecycleToken link = QuarkusTransaction.requiringNew().call(() -> links.peek(token, LifecycleToken.Purpose.RESET_PASSWORD))
                .orElseThrow(() -> refused(null, client, "link not live", EmailVerificationService.invalid()));
        UUID accountId = link.accountId;
        limiter.require("lifecycle-reset-account", accountId.toString(), config.redeemPerAddress());
        AccountService.Contact contact = accounts.contact(accountId).filter(AccountService.Contact::active)
                .orElseThrow(() -> refused(accountId, client, "account not active", EmailVerificationService.invalid()));
        if (!contact.email().equals(link.email)) {
            // The address changed after the link was mailed: the old mailbox no longer speaks for the account.
            throw refused(accountId, client, "address changed", EmailVerificationService.invalid());
        }
        try {
            policy.check(newPassword, contact.email());
        } catch (ProblemException e) {
            throw refused(accountId, client, "policy", e);
        }
        boolean unproven = !contact.emailVerified();
        if (!unproven) {
            try {
                mfa.requireFreshFactor(accountId, otp, backupCode, client);
            } catch (ProblemException e) {
                throw refused(accountId, client, "second factor", e);
            }
        }
        String hash = hasher.hash(newPassword);
        boolean done = QuarkusTransaction.requiringNew().call(() -> {
            // The account row first, then the link's: the order of a sign-in and of an e-mail change request.
            accounts.lockForChange(accountId);
            Optional<LifecycleToken> used = links.redeem(token, LifecycleToken.Purpose.RESET_PASSWORD);
            if (used.isEmpty() || !accounts.replacePasswordHash(accountId, hash)) {
                return false;
            }
            // Every open link ends: other resets, and a pending e-mail change (maybe an intruder's).
            links.voidAll(accountId, LifecycleToken.Purpose.RESET_PASSWORD, LifecycleToken.Purpose.CHANGE_EMAIL,
                    LifecycleToken.Purpose.VERIFY_EMAIL);
            // Following the link proved the mailbox, while the address is still the one it went to.
            AccountService.Proof proof = accounts.markEmailVerified(accountId, used.get().email);
            if (unproven && proof != AccountService.Proof.FIRST) {
                // Proven meanwhile (by its holder): the second factor, skipped above, counts again.
                QuarkusTransaction.setRollbackOnly();
                return false;
            }
            refreshTokens.endAccount(accountId, "password-reset");
            if (proof == AccountService.Proof.FIRST) {
                verification.sweepUnproven(accountId, "password reset");
            }
            recovered.fire(new AccountRecovered(accountId));
            audit.recordInCurrentTransaction(AuditEventType.PASSWORD_RESET, accountId, client, null);
            return true;
        });
        if (!done) {
            throw refused(accountId, client, "link used meanwhile", EmailVerificationService.invalid());
        }
        // Sign-ins waiting for their second factor were bound to the old password.
        mfa.endPendingSignIns(accountId);
        accounts.evictView(accountId);
    }

    private ProblemException refused(UUID accountId, ClientInfo client, String reason, ProblemException e) {
        audit.record(AuditEventType.PASSWORD_RESET_ERROR, accountId, client, reason);
        return e;
    }
}
