package dev.gatehouse.login;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.EmailAddress;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.mfa.MfaRequiredException;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.password.PasswordHasher;
import dev.gatehouse.password.PasswordPolicy;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.protection.BruteForceProtector;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.RefreshTokenService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Password login. Unknown account, wrong password, locked and disabled account take the same path
 * (a full hash verification, against a dummy hash when there is no account) and end in the same
 * answer. Rate limits per address and per submitted username come first.
 */
@ApplicationScoped
public class LoginService {

    /** The error of a right password for an account whose address is not verified, when that is required. */
    public static final String EMAIL_NOT_VERIFIED = "email_not_verified";

    private static final Logger LOG = Logger.getLogger(LoginService.class);
    static final String INVALID_CREDENTIALS = "The username or password is incorrect.";

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final RefreshTokenService refreshTokens;
    private final AuditLog audit;
    private final RateLimiter limiter;
    private final BruteForceProtector protector;
    private final ProtectionConfig protection;
    private final GatehouseConfig config;
    private final MeterRegistry registry;
    private final MfaService mfa;
    private final dev.gatehouse.lifecycle.LifecycleConfig lifecycle;

    public LoginService(AccountService accounts, PasswordHasher hasher, PasswordPolicy policy, RefreshTokenService refreshTokens,
                        AuditLog audit, RateLimiter limiter, BruteForceProtector protector, ProtectionConfig protection,
                        GatehouseConfig config, MeterRegistry registry, MfaService mfa, dev.gatehouse.lifecycle.LifecycleConfig lifecycle) {
        this.lifecycle = lifecycle;
        this.mfa = mfa;
        this.limiter = limiter;
        this.protector = protector;
        this.protection = protection;
        this.accounts = accounts;
        this.hasher = hasher;
        this.policy = policy;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
        this.config = config;
        this.registry = registry;
    }

    /**
     * A successful login: the pair and its family. An account with MFA on (or whose role requires
     * it) gets no session here: {@link MfaRequiredException} carries the {@code mfa_token} of the
     * second step instead.
     */
    public RefreshTokenService.Issued login(String username, String password, String requestedScope, String kind, ClientInfo client) {
        String scope = grantedScope(requestedScope);
        limiter.require("login-address", client.limitKey(), protection.loginPerAddress());
        // The same normal form keys the limit, the lookup and the pseudonym: width or case
        // variants of one address share one limit.
        String identity = EmailAddress.normalise(username);
        limiter.require("login-account", identity == null ? "" : identity, protection.loginPerAccount());
        if (username == null || password == null || !policy.withinLengthLimit(password)) {
            // Nothing to look up or too long to hash: the same answer as a wrong password.
            throw failed(null, client);
        }
        AccountService.Credentials account = accounts.findCredentials(username).orElse(null);
        String hash = account == null ? null : account.passwordHash();
        // Admit the check before any hash work, atomically with the lock check, so parallel
        // guesses cannot all be verified before the lock lands. Unknown names are counted under
        // a pseudonym: the same Redis work on every path, so timing tells nothing.
        UUID subject = account == null ? pseudonym(username) : account.id();
        boolean admitted = protector.admit(subject);
        boolean settled = !admitted;
        PasswordHasher.Verification verification;
        try {
            verification = hasher.verify(password, hash);
            if (account == null || !verification.matches() || !account.active() || !admitted) {
                if (admitted) {
                    protector.recordFailure(subject, client);
                    settled = true;
                } else {
                    protector.recordRefused(subject);
                }
                throw failed(account == null ? null : account.id(), client);
            }
            if (mfa.requirement(account.id(), account.roles()) == MfaService.Requirement.NONE) {
                protector.recordSuccess(account.id());
            } else {
                // A second factor is still to come: the password alone settles nothing, so the
                // failures counted so far (wrong codes included) stay until the code is right.
                protector.release(account.id());
            }
            settled = true;
        } finally {
            if (!settled) {
                protector.release(subject);
            }
        }
        String checkedHash = verification.needsRehash() ? upgrade(account, hash, password) : hash;
        if (checkedHash == null) {
            // The stored hash changed between the check and the upgrade: a parallel login's upgrade
            // (the same password), or a change or reset (another one). Check against the hash there
            // is now, so the session below is never written on a password that no longer stands.
            String now = accounts.credentials(account.id()).map(AccountService.Credentials::passwordHash).orElse(null);
            checkedHash = now != null && hasher.verify(password, now).matches() ? now : null;
            if (checkedHash == null) {
                throw failed(account.id(), client);
            }
        }
        String verifiedHash = checkedHash;
        // The roles, the active flag and the password as they are while the session is written, not
        // as they were when the password was checked: a role change, disable or password change
        // (or a reset, which sweeps a never-proven account) in between wins.
        Object outcome = accounts.withCurrentCredentials(account.id(), current -> verifiedHash.equals(current.passwordHash()), current -> {
            // Gone, disabled, or its password changed since this one was checked (a change that
            // ends other sessions would otherwise miss the session written here): refused.
            if (current == null) {
                throw failed(account.id(), client);
            }
            if (lifecycle.requireVerifiedEmail() && !current.emailVerified()) {
                // Said only to whoever knows the password: the link in the mail (or a new one) comes first.
                registry.counter("gatehouse.logins", "outcome", "email_not_verified").increment();
                audit.record(AuditEventType.LOGIN_ERROR, account.id(), client, "e-mail not verified");
                throw new OAuthErrorException(403, EMAIL_NOT_VERIFIED,
                        "The e-mail address of this account is not verified yet: follow the link in the mail, or ask for a new one.");
            }
            MfaService.Requirement next = mfa.requirement(current.id(), current.roles());
            if (next != MfaService.Requirement.NONE) {
                // No session before the second factor: a challenge bound to this account and this
                // password (a password change meanwhile voids it).
                return mfa.begin(new MfaService.FirstFactor(current.id(), List.of("pwd"), current.passwordHash(), scope, kind), next);
            }
            return refreshTokens.start(new RefreshTokenService.Subject(current.id(), current.roles(), scope, List.of("pwd")),
                    kind, client);
        });
        if (outcome instanceof MfaService.Pending pending) {
            registry.counter("gatehouse.logins", "outcome", "mfa_required").increment();
            throw new MfaRequiredException(pending);
        }
        registry.counter("gatehouse.logins", "outcome", "success").increment();
        audit.record(AuditEventType.LOGIN, account.id(), client, "pwd");
        return (RefreshTokenService.Issued) outcome;
    }

    /** A stable stand-in id for a username without an account. */
    private static UUID pseudonym(String username) {
        return UUID.nameUUIDFromBytes(("gatehouse unknown account|" + EmailAddress.normalise(username))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A failed rehash is logged and ignored: the old hash stays valid. */
    /**
     * The hash stored afterwards: the replacement, or the old one when the upgrade failed; null when
     * the stored hash had changed meanwhile (a parallel login's upgrade, or a password change), so
     * which hash is current is not known here.
     */
    private String upgrade(AccountService.Credentials account, String oldHash, String password) {
        try {
            String replacement = hasher.hash(password);
            return accounts.upgradePasswordHash(account.id(), oldHash, replacement) ? replacement : null;
        } catch (RuntimeException e) {
            LOG.warnf("Password hash upgrade failed for account %s; the old hash stays in use", account.id());
            return oldHash;
        }
    }

    private String grantedScope(String requested) {
        if (requested == null || requested.isBlank()) {
            return String.join(" ", config.scopes());
        }
        Set<String> asked = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
        if (!config.scopes().containsAll(asked)) {
            throw new OAuthErrorException(400, "invalid_scope", "The requested scope is not available.");
        }
        return String.join(" ", asked);
    }

    private OAuthErrorException failed(java.util.UUID accountId, ClientInfo client) {
        registry.counter("gatehouse.logins", "outcome", "failure").increment();
        audit.record(AuditEventType.LOGIN_ERROR, accountId, client, "pwd");
        return new OAuthErrorException(401, "invalid_grant", INVALID_CREDENTIALS);
    }
}
