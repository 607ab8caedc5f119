package dev.gatehouse.lifecycle;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
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

    private final LifecycleLinks links;
    private final LifecycleConfig config;
    private final AccountService accounts;
    private final MailOutbox outbox;
    private final MailComposer mails;
    private final AuditLog audit;
    private final dev.gatehouse.token.RefreshTokenService refreshTokens;
    private final LifecycleRequests requests;
    private final jakarta.enterprise.event.Event<dev.gatehouse.account.AddressFirstProven> firstProven;

    public EmailVerificationService(LifecycleLinks links, LifecycleConfig config, AccountService accounts, MailOutbox outbox,
                                    MailComposer mails, AuditLog audit, dev.gatehouse.token.RefreshTokenService refreshTokens,
                                    jakarta.enterprise.event.Event<dev.gatehouse.account.AddressFirstProven> firstProven,
                                    LifecycleRequests requests) {
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

    /** Whether {@code token} is a live verification or change link (for the hosted page; uses nothing up). */
    public boolean isLive(String token) {
        return QuarkusTransaction.requiringNew().call(() ->
                links.peek(token, LifecycleToken.Purpose.VERIFY_EMAIL, LifecycleToken.Purpose.CHANGE_EMAIL).isPresent());
    }

    /**
     * Redeems a verification or change link: 400 {@code token-invalid} when it is unknown, used,
     * expired, or for an address the account no longer has; 409 {@code email-taken} when another
     * account took the new address meanwhile (the link stays usable). {@code signedInAs} is the
     * account of the session that confirms (a bearer token, the hosted page's cookie), or null; it
     * is audited and removes nothing (see the comment in {@code redeem}).
     */
    public Verified verify(String token, UUID signedInAs, ClientInfo client) {
        Verified done;
        try {
            done = QuarkusTransaction.requiringNew().call(() -> redeem(token, signedInAs, client));
        } catch (ProblemException e) {
            audit.record(AuditEventType.EMAIL_VERIFIED_ERROR, null, client, e.rule() != null ? e.rule() : "status " + e.status());
            throw e;
        }
        return done;
    }

    private Verified redeem(String token, UUID signedInAs, ClientInfo client) {
        LifecycleToken t = links.redeem(token, LifecycleToken.Purpose.VERIFY_EMAIL, LifecycleToken.Purpose.CHANGE_EMAIL)
                .orElseThrow(EmailVerificationService::invalid);
        AccountService.Contact contact = accounts.contact(t.accountId).filter(AccountService.Contact::active)
                .orElseThrow(EmailVerificationService::invalid);
        if (t.purpose == LifecycleToken.Purpose.VERIFY_EMAIL) {
            AccountService.Proof proof = accounts.markEmailVerified(t.accountId, t.email);
            if (proof == AccountService.Proof.NOT_THE_ADDRESS) {
                throw invalid();
            }
            links.voidAll(t.accountId, LifecycleToken.Purpose.VERIFY_EMAIL);
            // No sweep here, whoever confirms: a link proves the mailbox and sets no password, so
            // removing the account's second factor would hand it to anyone who knows the password
            // (one click of the owner on a resent mail). A pre-hijacked account is taken back by a
            // password reset, which sets a new password and sweeps (PasswordResetService).
            boolean byHolder = t.accountId.equals(signedInAs);
            audit.recordInCurrentTransaction(AuditEventType.EMAIL_VERIFIED, t.accountId, client,
                    proof == AccountService.Proof.FIRST ? (byHolder ? "first, by the signed-in holder" : "first, not signed in") : null);
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
        audit.recordInCurrentTransaction(AuditEventType.EMAIL_CHANGED, t.accountId, client, null);
        return new Verified(t.accountId, t.email, true);
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
