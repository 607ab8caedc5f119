package dev.gatehouse.session;

import dev.gatehouse.account.Account;
import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.RevocationService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Refresh, logout and the session list: refresh-token families seen from their owner. */
@ApplicationScoped
public class SessionService {

    private final RefreshTokenService refreshTokens;
    private final RevocationService revocations;
    private final AuditLog audit;
    private final MfaService mfa;
    private final AccountService accounts;

    public SessionService(RefreshTokenService refreshTokens, RevocationService revocations, AuditLog audit,
                          MfaService mfa, AccountService accounts) {
        this.accounts = accounts;
        this.mfa = mfa;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.audit = audit;
    }

    /** A new pair for a refresh token of a live family whose account is still active. */
    public RefreshTokenService.Issued refresh(String presented, ClientInfo client) {
        return refresh(presented, null, client);
    }

    /**
     * As above; {@code clientId} is the registered client the family must have been issued to
     * ({@code grant_type=refresh_token} at {@code /oauth2/token}), or null for Gatehouse's own
     * families ({@code /auth/refresh}): a family never crosses between the two.
     */
    public RefreshTokenService.Issued refresh(String presented, String clientId, ClientInfo client) {
        // One transaction of the store (on PostgreSQL one statement): the token with its family and
        // account, the rules below, then the rotation commits (or nothing is written).
        return refreshTokens.refresh(presented, new RefreshTokenService.Admission() {
            private String refusal;
            private boolean secondFactor;

            @Override
            public Set<String> admit(RefreshTokenService.Presented p) {
                if (!java.util.Objects.equals(clientId, p.clientId())) {
                    refusal = "refresh token of another client";
                    return null;
                }
                if (!p.accountActive()) {
                    refusal = "account disabled or gone";
                    return null;
                }
                Set<String> roles = Account.roleSet(p.accountRoles());
                if (mfa.requiresSecondFactor(roles) && !MfaService.isMultiFactor(java.util.Arrays.asList(p.amr().split(" ")))) {
                    refusal = "second factor required by role";
                    secondFactor = true;
                    return null;
                }
                return roles;
            }

            @Override
            public RuntimeException refused(RefreshTokenService.Presented p) {
                if (p == null) {
                    audit.record(AuditEventType.REFRESH_ERROR, null, client, "unknown, expired or revoked refresh token");
                    return invalidGrant();
                }
                if (secondFactor) {
                    // A session signed in without a second factor (before GATEHOUSE_MFA_REQUIRED_ROLES named
                    // one of its roles) does not mint tokens for that role: it signs in again, with the code.
                    refreshTokens.revokeFamily(p.familyId(), "second factor required");
                }
                audit.record(AuditEventType.REFRESH_ERROR, p.accountId(), client, refusal);
                return invalidGrant();
            }
        }, client);
    }

    private static OAuthErrorException invalidGrant() {
        return new OAuthErrorException(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
    }

    /** Ends the family a refresh token (the cookie) belongs to; unknown tokens are ignored. */
    public void endByRefreshToken(String presented, ClientInfo client) {
        try {
            RefreshTokenService.Presented p = refreshTokens.lookup(presented);
            refreshTokens.revokeFamily(p.familyId(), "logout");
            audit.record(AuditEventType.LOGOUT, p.accountId(), client, "session " + p.familyId());
        } catch (OAuthErrorException e) {
            // Already ended or never valid: logging out is done either way.
        }
    }

    /** Ends the session an access token came from, and the token itself. */
    public void logout(UUID accountId, String jti, java.time.Instant expiresAt, UUID sessionId, ClientInfo client) {
        revocations.revokeToken(jti, accountId, expiresAt);
        if (sessionId != null) {
            refreshTokens.revokeFamily(sessionId, "logout");
        }
        audit.record(AuditEventType.LOGOUT, accountId, client, sessionId == null ? null : "session " + sessionId);
    }

    /** Ends every session and token of the account. */
    public void logoutAll(UUID accountId, ClientInfo client) {
        logoutAll(accountId, client, null);
    }

    /** Ends every session and token of the account; {@code detail} goes into the audit event (e.g. who did it). */
    public void logoutAll(UUID accountId, ClientInfo client, String detail) {
        // Under the account row's lock, as a reset ends sessions: a code exchange (or any sign-in)
        // holding the shared lock commits its family first, and this then ends it too.
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            accounts.lockForChange(accountId);
            refreshTokens.endAccount(accountId, "logout-all");
        });
        audit.record(AuditEventType.LOGOUT_ALL, accountId, client, detail);
    }

    public List<RefreshTokenService.FamilyView> list(UUID accountId) {
        return refreshTokens.liveFamilies(accountId);
    }

    /** Ends one of the caller's sessions; false when it is not theirs or does not exist. */
    public boolean end(UUID accountId, UUID sessionId, ClientInfo client) {
        if (!refreshTokens.ownerOf(sessionId).map(accountId::equals).orElse(false)) {
            return false;
        }
        refreshTokens.revokeFamily(sessionId, "ended");
        audit.record(AuditEventType.SESSION_ENDED, accountId, client, "session " + sessionId);
        return true;
    }
}
