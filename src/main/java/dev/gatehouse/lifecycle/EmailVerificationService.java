package dev.gatehouse.lifecycle;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.login.PasswordChangeService;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.mail.MailComposer;
import dev.gatehouse.mail.MailOutbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Proving an address: a link mailed at sign-up, on request (resend) and for a new address (e-mail
 * change, which takes effect only here, and then tells the old address). {@code POST
 * /auth/email/verify} and the hosted {@code /verify} page (which confirms with a POST, so a mail
 * scanner's GET uses nothing up) redeem it.
 */
@ApplicationScoped
public class EmailVerificationService {

    /** What a redeemed link did. */
    public record Verified(UUID accountId, String email, boolean changed) {
    }

    /**
     * How the one who follows a link shows that the account is theirs: the account's own session
     * ({@code signedInAs}: a bearer token, the hosted page's cookie), or the account's password with
     * a code from its authenticator app (or a backup code) when it has one. Holding the mailbox
     * alone is not enough: a link mailed for a stranger's account (one registered with your address
     * by someone else, or one asking to move to your address) must not make that account yours.
     */
    public record Confirmation(UUID signedInAs, String password, String otp, String backupCode) {

        public static Confirmation signedIn(UUID accountId) {
            return new Confirmation(accountId, null, null, null);
        }
    }

    /**
     * A live link as its page shows it (nothing is used up): whether it moves the account to a new
     * address, whether the account's password can confirm it ({@code passwordConfirms}; otherwise
     * only its session can: no password, or a sign-in whose second factor is a passkey), and
     * whether a code must come with the password ({@code codeNeeded}).
     */
    public record LinkState(UUID accountId, boolean change, boolean passwordConfirms, boolean codeNeeded) {
    }

    private final LifecycleLinks links;
    private final LifecycleConfig config;
    private final AccountService accounts;
    private final MailOutbox outbox;
    private final MailComposer mails;
    private final AuditLog audit;
    private final dev.gatehouse.token.RefreshTokenService refreshTokens;
    private final LifecycleRequests requests;
    private final jakarta.enterprise.event.Event<dev.gatehouse.account.AddressFirstProven> firstProven;
    private final PasswordChangeService passwords;
    private final MfaService mfa;
    private final RateLimiter limiter;
    private final ProtectionConfig protection;

    public EmailVerificationService(LifecycleLinks links, LifecycleConfig config, AccountService accounts, MailOutbox outbox,
                                    MailComposer mails, AuditLog audit, dev.gatehouse.token.RefreshTokenService refreshTokens,
                                    jakarta.enterprise.event.Event<dev.gatehouse.account.AddressFirstProven> firstProven,
                                    LifecycleRequests requests, PasswordChangeService passwords, MfaService mfa,
                                    RateLimiter limiter, ProtectionConfig protection) {
        this.limiter = limiter;
        this.protection = protection;
        this.passwords = passwords;
        this.mfa = mfa;
        this.requests = requests;
        this.refreshTokens = refreshTokens;
        this.firstProven = firstProven;
        this.links = links;
        this.config = config;
        this.accounts = accounts;
        this.outbox = outbox;
        this.mails = mails;
        this.audit = audit;
    }

    /** A new local account gets its link in the transaction that created it. */
    void onRegistered(@Observes AccountService.Registered registered) {
        mailLink(registered.accountId(), registered.email(), registered.locale());
    }

    /** Writes a verification link for {@code email} of the account and queues its mail (current transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    void mailLink(UUID accountId, String email, Locale locale) {
        // A newer link replaces the older ones.
        links.voidAll(accountId, LifecycleToken.Purpose.VERIFY_EMAIL);
        String token = links.issue(LifecycleToken.Purpose.VERIFY_EMAIL, accountId, email, config.verificationTtl());
        outbox.enqueue(mails.verifyEmail(email, locale, links.url("/verify", token), config.verificationTtl()));
    }

    /**
     * "Mail me a new verification link" for an address: limited per client address and per named
     * address, then the request is written; the same work and answer for every well-formed address
     * ({@link LifecycleRequests} mails after the answer, see {@link #resend}).
     */
    public void requestResend(String rawEmail, Locale locale, ClientInfo client) {
        requests.accept(LifecycleRequest.Kind.RESEND_VERIFICATION, rawEmail, locale, client);
    }

    /** A resend request for an address: a new link only for an active account whose address is not yet proven. */
    @Transactional(Transactional.TxType.MANDATORY)
    void resend(String normalisedEmail, Locale locale) {
        accounts.contactByEmail(normalisedEmail).filter(c -> c.active() && !c.emailVerified())
                .ifPresent(c -> mailLink(c.id(), c.email(), locale != null ? locale : c.locale()));
    }

    /** Queues the mail with the link that makes {@code newEmail} the account's address (current transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    void mailChangeLink(UUID accountId, String newEmail, Locale locale) {
        links.voidAll(accountId, LifecycleToken.Purpose.CHANGE_EMAIL);
        String token = links.issue(LifecycleToken.Purpose.CHANGE_EMAIL, accountId, newEmail, config.verificationTtl());
        outbox.enqueue(mails.changeEmail(newEmail, locale, links.url("/verify", token), config.verificationTtl()));
    }

    /**
     * The live verification or change link {@code token}, for its hosted page (uses nothing up):
     * empty when it is not live, its account is gone or disabled, or (verification) the account no
     * longer has the link's address.
     */
    public Optional<LinkState> inspect(String token) {
        return QuarkusTransaction.requiringNew().call(() -> links.peek(token, LifecycleToken.Purpose.VERIFY_EMAIL, LifecycleToken.Purpose.CHANGE_EMAIL)
                .flatMap(t -> {
                    boolean change = t.purpose == LifecycleToken.Purpose.CHANGE_EMAIL;
                    Optional<AccountService.Contact> contact = accounts.contact(t.accountId).filter(AccountService.Contact::active)
                            .filter(c -> change || c.email().equals(t.email));
                    return contact.flatMap(c -> accounts.credentials(c.id())).map(a -> {
                        boolean totp = mfa.enabled(a.id());
                        // A sign-in whose second factor is a passkey (a role that requires one, no TOTP)
                        // has nothing here to stand for the passkey: only that sign-in confirms.
                        boolean passkeyStep = !totp && mfa.requirement(a.id(), a.roles()) == MfaService.Requirement.VERIFY;
                        return new LinkState(a.id(), change, a.passwordHash() != null && !passkeyStep, totp);
                    });
                }));
    }

    /**
     * Redeems a verification or change link. 400 {@code token-invalid} when it is unknown, used,
     * expired, or for an address the account no longer has; then, the link untouched: 403
     * {@code confirmation-required} when neither the account's session nor its password came,
     * {@code sign-in-required} when the password cannot confirm for this account (it has none, or
     * its sign-in needs a passkey as the second factor), {@code current-password-wrong} (checked like a
     * login: lockout, failures counted), {@code mfa-code-required}, {@code mfa-code-invalid}; 409
     * {@code email-taken} when another account took the new address meanwhile (the link stays
     * usable). Nothing is removed from the account (see the comment in {@code redeem}).
     */
    public Verified verify(String token, Confirmation by, ClientInfo client) {
        UUID accountId = null;
        try {
            LinkState link = inspect(token).orElseThrow(EmailVerificationService::invalid);
            accountId = link.accountId();
            if (link.change()) {
                // Said before any code is used up (the link stays usable, the code would not).
                String address = QuarkusTransaction.requiringNew().call(() -> links.peek(token, LifecycleToken.Purpose.CHANGE_EMAIL)
                        .map(t -> t.email).orElseThrow(EmailVerificationService::invalid));
                if (QuarkusTransaction.requiringNew().call(() -> accounts.emailTakenByOther(address, link.accountId()))) {
                    throw AccountService.emailTaken();
                }
            }
            String how = confirm(token, link, by, client);
            return QuarkusTransaction.requiringNew().call(() -> redeem(token, link.accountId(), how, client));
        } catch (ProblemException e) {
            audit.record(AuditEventType.EMAIL_VERIFIED_ERROR, accountId, client, e.rule() != null ? e.rule() : e.slug() != null ? e.slug() : "status " + e.status());
            throw e;
        }
    }

    /** Checks that the confirmer is the link's account; says how, for the audit. */
    private String confirm(String token, LinkState link, Confirmation by, ClientInfo client) {
        if (by != null && link.accountId().equals(by.signedInAs())) {
            return "by the signed-in holder";
        }
        if (by == null || by.password() == null || by.password().isEmpty()) {
            throw new ProblemException(403, "confirmation-required", "Confirmation required",
                    "Following this link needs the account's own session (sign in first) or its password (password, and otp or "
                            + "backupCode when the account has an authenticator app). If the account is not yours, reset its password "
                            + "with a link to this address instead.");
        }
        if (!link.passwordConfirms()) {
            throw signInRequired();
        }
        boolean code = link.codeNeeded();
        if (code && isBlank(by.otp()) && isBlank(by.backupCode())) {
            throw codeRequired();
        }
        // Per account as well as per client address (the callers): like a login's guesses.
        limiter.require("email-verify-account", link.accountId().toString(), protection.loginPerAccount());
        passwords.requireCurrentPassword(link.accountId(), by.password(), code, client);
        mfa.requireFreshFactor(link.accountId(), by.otp(), by.backupCode(), client);
        // The factors may have changed since the link was inspected (TOTP turned off, leaving a
        // passkey step): what the account needs now decides.
        LinkState now = inspect(token).orElseThrow(EmailVerificationService::invalid);
        if (!now.passwordConfirms()) {
            throw signInRequired();
        }
        if (now.codeNeeded() && !code) {
            throw codeRequired();
        }
        return code ? "with the password and a code" : "with the password";
    }

    private static ProblemException codeRequired() {
        return new ProblemException(403, "mfa-code-required", "Second factor required",
                "This account has an authenticator app: send a current code (otp) or a backup code (backupCode) with the password.");
    }

    private static ProblemException signInRequired() {
        return new ProblemException(403, "sign-in-required", "Sign-in required",
                "This account's password cannot confirm this link: sign in to the account, then follow the link again.");
    }

    private Verified redeem(String token, UUID confirmedAccount, String how, ClientInfo client) {
        // The account row first, then the link's: the order of a sign-in and of an e-mail change request.
        accounts.lockForChange(confirmedAccount);
        LifecycleToken t = links.redeem(token, LifecycleToken.Purpose.VERIFY_EMAIL, LifecycleToken.Purpose.CHANGE_EMAIL)
                .filter(l -> l.accountId.equals(confirmedAccount))
                .orElseThrow(EmailVerificationService::invalid);
        AccountService.Contact contact = accounts.contact(t.accountId).filter(AccountService.Contact::active)
                .orElseThrow(EmailVerificationService::invalid);
        if (t.purpose == LifecycleToken.Purpose.VERIFY_EMAIL) {
            AccountService.Proof proof = accounts.markEmailVerified(t.accountId, t.email);
            if (proof == AccountService.Proof.NOT_THE_ADDRESS) {
                throw invalid();
            }
            links.voidAll(t.accountId, LifecycleToken.Purpose.VERIFY_EMAIL);
            // No sweep here: a link proves the mailbox and sets no password, so removing the
            // account's second factor would hand it to anyone who knows the password. And the one
            // who confirms showed the account's session or password (confirm), so the mailbox's
            // owner cannot make a stranger's pre-registered account a verified one that their
            // Google sign-in would then join. A pre-hijacked account is taken back by a password
            // reset, which sets a new password and sweeps (PasswordResetService).
            audit.recordInCurrentTransaction(AuditEventType.EMAIL_VERIFIED, t.accountId, client,
                    (proof == AccountService.Proof.FIRST ? "first, " : "") + how);
            return new Verified(t.accountId, t.email, false);
        }
        Optional<String> old = accounts.replaceEmail(t.accountId, t.email);
        if (old.isEmpty()) {
            throw invalid();
        }
        links.voidAll(t.accountId, LifecycleToken.Purpose.VERIFY_EMAIL, LifecycleToken.Purpose.CHANGE_EMAIL,
                LifecycleToken.Purpose.RESET_PASSWORD);
        if (!old.get().equals(t.email)) {
            outbox.enqueue(mails.emailChanged(old.get(), contact.locale(), t.email));
        }
        audit.recordInCurrentTransaction(AuditEventType.EMAIL_CHANGED, t.accountId, client, how);
        return new Verified(t.accountId, t.email, true);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The first proof of an address by a password reset (current transaction):
     * every session, refresh family and access token ends, a pending e-mail change (the registrant's
     * request) is voided, and {@link dev.gatehouse.account.AddressFirstProven} removes API keys,
     * passkeys, linked identities, TOTP and backup codes and pending MFA sign-ins; the reset sets the
     * new password in the same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void sweepUnproven(UUID accountId, String how) {
        links.voidAll(accountId, LifecycleToken.Purpose.CHANGE_EMAIL);
        refreshTokens.endAccount(accountId, "address-first-proven");
        firstProven.fire(new dev.gatehouse.account.AddressFirstProven(accountId, how));
        accounts.evictView(accountId);
    }

    static ProblemException invalid() {
        return new ProblemException(400, "token-invalid", "Link invalid",
                "This link is not valid: it was already used, it expired, or it belongs to an older request. Ask for a new one.");
    }
}
