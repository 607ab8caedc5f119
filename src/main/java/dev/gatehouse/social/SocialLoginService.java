package dev.gatehouse.social;

import dev.gatehouse.account.Account;
import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.UniqueViolation;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Find or create the account behind a provider identity, link identities, and start the web session.
 *
 * <p>Rules: an identity is found by (provider, subject) only. A new identity joins an existing
 * account by e-mail only when the provider vouches for the e-mail and the account has verified it
 * too; otherwise the person must sign in to that account first and link explicitly. A new identity
 * without an account creates one, but only with an e-mail the provider vouches for. Two first
 * logins racing for one identity meet on the unique key; the loser retries and finds the winner's.
 */
@ApplicationScoped
public class SocialLoginService {

    private static final int ATTEMPTS = 3;

    private final AccountService accounts;
    private final RefreshTokenService refreshTokens;
    private final AuditLog audit;
    private final GatehouseConfig config;
    private final Clock clock;
    private final MfaService mfa;
    private final dev.gatehouse.passkey.PasskeyService passkeys;

    public SocialLoginService(AccountService accounts, RefreshTokenService refreshTokens, AuditLog audit,
                              GatehouseConfig config, Clock clock, MfaService mfa, dev.gatehouse.passkey.PasskeyService passkeys) {
        this.passkeys = passkeys;
        this.mfa = mfa;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** A social sign-in's outcome: the session, or (MFA on, or required by a role) the pending second step. */
    public record SignIn(RefreshTokenService.Issued issued, MfaService.Pending pending) {
    }

    /**
     * Signs the person in (and, with {@code linkAccount}, first links the identity to that signed-in
     * account): a new cookie-session family with {@code amr} = the provider; for an account with
     * MFA on, no session yet but the pending code step. A link is written only while
     * {@code linkSession}, the session that started it, is live (checked under the account row's
     * lock in the transaction that links).
     */
    public SignIn signIn(ProviderProfile profile, UUID linkAccount, UUID linkSession, ClientInfo client) {
        UUID accountId;
        try {
            accountId = resolve(profile, linkAccount, linkSession, client);
        } catch (SocialLoginRefused e) {
            audit.record(linkAccount == null ? AuditEventType.SOCIAL_LOGIN_ERROR : AuditEventType.IDENTITY_LINKED_ERROR,
                    linkAccount, client, profile.provider().id() + " " + e.code());
            throw e;
        }
        // The roles and the active flag as they are while the session is written (see
        // AccountService.withCurrentCredentials): a disable or role change in between wins. And the
        // identity must still be linked to the account then: a reset that swept a never-proven
        // account after resolve() found it either committed before (refused here) or waits for this
        // transaction and then ends the session written here.
        SignIn result = accounts.withCurrentCredentials(accountId, current -> stillLinked(profile, current.id()), account -> {
            if (account == null) {
                audit.record(AuditEventType.SOCIAL_LOGIN_ERROR, accountId, client, profile.provider().id() + " inactive or identity unlinked");
                throw new SocialLoginRefused(SocialLoginRefused.NOT_ALLOWED, "account disabled, or identity unlinked meanwhile");
            }
            String scope = String.join(" ", config.scopes());
            List<String> amr = List.of(profile.provider().id());
            MfaService.Requirement next = mfa.requirement(account.id(), account.roles());
            if (next != MfaService.Requirement.NONE) {
                // The provider is the first factor only: no session exists before the code step.
                return new SignIn(null, mfa.begin(new MfaService.FirstFactor(account.id(), amr, null, scope,
                        RefreshTokenService.KIND_COOKIE), next));
            }
            return new SignIn(refreshTokens.start(new RefreshTokenService.Subject(account.id(), account.roles(), scope, amr),
                    RefreshTokenService.KIND_COOKIE, client), null);
        });
        audit.record(AuditEventType.SOCIAL_LOGIN, accountId, client,
                profile.provider().id() + (result.pending() == null ? "" : " second factor pending"));
        return result;
    }

    /** Whether the provider identity of {@code profile} is linked to {@code accountId} (caller's transaction). */
    private static boolean stillLinked(ProviderProfile profile, UUID accountId) {
        FederatedIdentity i = FederatedIdentity.find(profile.provider(), profile.subject());
        return i != null && i.accountId.equals(accountId);
    }

    private UUID resolve(ProviderProfile profile, UUID linkAccount, UUID linkSession, ClientInfo client) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> resolveOnce(profile, linkAccount, linkSession, client));
            } catch (PersistenceException e) {
                if (!UniqueViolation.isCauseOf(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                // Another request created the identity (or the account) a moment ago: look again.
            }
        }
    }

    private UUID resolveOnce(ProviderProfile profile, UUID linkAccount, UUID linkSession, ClientInfo client) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (linkAccount != null && (linkSession == null
                || accounts.lockCurrentCredentials(linkAccount, current -> refreshTokens.lockLive(linkSession, current.id())) == null)) {
            // The link is written under the account row's lock (taken first), while the session that
            // started it is still live: a reset that swept the account (ending that session) after
            // the flow began either committed before, and nothing is linked, or waits for this
            // transaction and then removes what it linked.
            throw new SocialLoginRefused(SocialLoginRefused.NOT_ALLOWED, "linking session ended or account disabled");
        }
        FederatedIdentity known = FederatedIdentity.find(profile.provider(), profile.subject());
        if (linkAccount != null) {
            if (known != null && !known.accountId.equals(linkAccount)) {
                throw new SocialLoginRefused(SocialLoginRefused.IDENTITY_TAKEN, "identity belongs to another account");
            }
            if (known == null) {
                if (FederatedIdentity.ofAccount(linkAccount, profile.provider()) != null) {
                    throw new SocialLoginRefused(SocialLoginRefused.PROVIDER_TAKEN, "account has another identity of this provider");
                }
                insert(linkAccount, profile, now);
                audit.recordInCurrentTransaction(AuditEventType.IDENTITY_LINKED, linkAccount, client, profile.provider().id() + " explicit");
                accounts.evictView(linkAccount);
                return linkAccount;
            }
            touch(known, profile, now);
            return known.accountId;
        }
        if (known != null) {
            touch(known, profile, now);
            return known.accountId;
        }
        if (!profile.emailVerified() || profile.email() == null) {
            throw new SocialLoginRefused(SocialLoginRefused.EMAIL_UNVERIFIED, "provider vouched for no e-mail");
        }
        AccountService.EmailOwner owner = accounts.ownerOf(profile.email()).orElse(null);
        if (owner == null) {
            UUID created = accounts.createFederated(profile.email(), profile.displayName(), Set.of(Account.ROLE_USER));
            insert(created, profile, now);
            audit.recordInCurrentTransaction(AuditEventType.REGISTER, created, client, profile.provider().id());
            return created;
        }
        if (!owner.emailVerified()) {
            // The account holder never proved this mailbox: joining it would hand the account to
            // whoever controls the provider identity. They sign in first and link explicitly.
            throw new SocialLoginRefused(SocialLoginRefused.ACCOUNT_EXISTS, "account e-mail not verified");
        }
        FederatedIdentity existing = FederatedIdentity.ofAccount(owner.id(), profile.provider());
        if (existing != null && existing.subject.equals(profile.subject())) {
            // A parallel first login committed this very identity between our two reads.
            touch(existing, profile, now);
            return owner.id();
        }
        if (existing != null) {
            throw new SocialLoginRefused(SocialLoginRefused.ACCOUNT_EXISTS, "account has another identity of this provider");
        }
        insert(owner.id(), profile, now);
        audit.recordInCurrentTransaction(AuditEventType.IDENTITY_LINKED, owner.id(), client, profile.provider().id() + " verified-email");
        accounts.evictView(owner.id());
        return owner.id();
    }

    /** The providers linked to an account. */
    public List<IdentityView> identities(UUID accountId) {
        return FederatedIdentity.<FederatedIdentity>list("accountId = ?1 order by provider", accountId).stream()
                .map(IdentityView::of).toList();
    }

    /**
     * Removes a linked identity, unless it is the last way to sign in: no password, no other
     * identity, no passkey (case 75). The passkeys are counted under their rows' lock, which a
     * passkey removal takes first too, so the two racing cannot leave the account with no way in.
     */
    public void unlink(UUID accountId, SocialProvider provider, ClientInfo client) {
        QuarkusTransaction.requiringNew().run(() -> {
            int passkeyCount = passkeys.lockCount(accountId);
            // The identities' rows too: two unlinks racing (Google and GitHub) see each other's result.
            FederatedIdentity.<FederatedIdentity>find("accountId", accountId)
                    .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
            FederatedIdentity identity = FederatedIdentity.ofAccount(accountId, provider);
            if (identity == null) {
                throw new ProblemException(404, "identity-not-linked", "Not linked",
                        "No identity of this provider is linked to the account.");
            }
            long others = FederatedIdentity.count("accountId = ?1 and provider <> ?2", accountId, provider.id());
            if (others == 0 && passkeyCount == 0 && !accounts.hasPassword(accountId)) {
                throw new ProblemException(409, "last-sign-in-method", "Last way to sign in",
                        "This identity is the account's only way to sign in; set a password, add a passkey or link another provider first.");
            }
            identity.delete();
            audit.recordInCurrentTransaction(AuditEventType.IDENTITY_UNLINKED, accountId, client, provider.id());
        });
        accounts.evictView(accountId);
    }

    /**
     * The first proof of an address never proven (a password reset through the mailed link): the
     * identities were linked before anyone showed they own the mailbox (a "trojan identifier"), so
     * they go (the proof's transaction). The account keeps a way in: the reset set a password.
     */
    void onAddressFirstProven(@jakarta.enterprise.event.Observes dev.gatehouse.account.AddressFirstProven proven) {
        for (FederatedIdentity i : FederatedIdentity.<FederatedIdentity>list("accountId", proven.accountId())) {
            i.delete();
            audit.recordInCurrentTransaction(AuditEventType.IDENTITY_UNLINKED, proven.accountId(), null,
                    i.provider + " " + proven.how() + " of an unproven address");
        }
        accounts.evictView(proven.accountId());
    }

    private static void insert(UUID accountId, ProviderProfile profile, Instant now) {
        FederatedIdentity i = new FederatedIdentity();
        i.id = UUID.randomUUID();
        i.accountId = accountId;
        i.provider = profile.provider().id();
        i.subject = profile.subject();
        i.createdAt = now;
        i.lastUsedAt = now;
        copy(i, profile);
        i.persistAndFlush();
    }

    private static void touch(FederatedIdentity i, ProviderProfile profile, Instant now) {
        i.lastUsedAt = now;
        copy(i, profile);
    }

    private static void copy(FederatedIdentity i, ProviderProfile profile) {
        i.email = profile.email();
        i.emailVerified = profile.emailVerified();
        i.login = profile.login() == null ? null : profile.login().substring(0, Math.min(255, profile.login().length()));
    }

    /** A linked identity as its owner sees it. */
    public record IdentityView(String provider, String email, String login, Instant linkedAt, Instant lastUsedAt) {
        static IdentityView of(FederatedIdentity i) {
            return new IdentityView(i.provider, i.email, i.login, i.createdAt, i.lastUsedAt);
        }
    }
}
