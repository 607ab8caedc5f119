package dev.gatehouse.oidc;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.AccountView;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.client.ClientAuthenticator;
import dev.gatehouse.client.ClientService;
import dev.gatehouse.keys.KeyManager;
import dev.gatehouse.keys.SigningAlgorithm;
import dev.gatehouse.keys.SigningAlgorithms;
import dev.gatehouse.client.OAuthClient;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.TokenGrant;
import dev.gatehouse.token.TokenIssuer;
import dev.gatehouse.token.TokenRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code grant_type=authorization_code}: the client authenticates (PUBLIC: {@code client_id}
 * only), presents the code, the same {@code redirect_uri} and the PKCE {@code code_verifier}.
 * The code is redeemed once, inside one transaction that holds its row: a second presentation
 * (any client) is refused and revokes the family the first one started, with its access tokens.
 * A code of another client, another redirect URI or a wrong verifier is {@code invalid_grant}.
 */
@ApplicationScoped
public class AuthorizationCodeGrant implements TokenGrant {

    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final ClientAuthenticator authenticator;
    private final AccountService accounts;
    private final RefreshTokenService refreshTokens;
    private final TokenIssuer issuer;
    private final MfaService mfa;
    private final OidcConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final KeyManager keys;
    private final SigningAlgorithms algorithms;

    public AuthorizationCodeGrant(ClientAuthenticator authenticator, AccountService accounts, RefreshTokenService refreshTokens,
                                  TokenIssuer issuer, MfaService mfa, OidcConfig config, AuditLog audit, Clock clock, KeyManager keys,
                                  SigningAlgorithms algorithms) {
        this.keys = keys;
        this.algorithms = algorithms;
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.mfa = mfa;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return "authorization_code";
    }

    private record Redeemed(AuthorizationCode code, RefreshTokenService.Issued issued, Set<String> roles) {
    }

    @Override
    public Map<String, Object> grant(TokenRequest request) {
        ClientService.Allowed client = authenticator.authenticateUserClient(request);
        if (OAuthClient.TYPE_MACHINE.equals(client.type())) {
            throw new OAuthErrorException(400, "unauthorized_client", "This client may not use the authorization_code grant.");
        }
        requireIdTokenKey(client);
        String code = request.required("code");
        String redirectUri = request.required("redirect_uri");
        String verifier = request.param("code_verifier");
        if (code.length() != 43) {
            throw refused(request, client, "unknown code");
        }
        String codeHash = AuthorizationService.hash("code", code);
        Instant now = clock.instant();
        Redeemed r = QuarkusTransaction.requiringNew().call(() -> {
            // Lock order: the account row first (shared), then the code's row, then the SSO
            // family's (shared), as a reset takes the account row and then the families. A reset
            // that ended the browser session (or swept a never-proven account) after the code was
            // issued either committed before, and the exchange is refused, or waits for this
            // transaction, and then ends the client family written here with the SSO session.
            UUID owner = AuthorizationCode.getEntityManager()
                    .createQuery("select c.accountId from AuthorizationCode c where c.codeHash = ?1", UUID.class)
                    .setParameter(1, codeHash).getResultStream().findFirst().orElse(null);
            AccountService.Credentials account = owner == null ? null : accounts.lockCurrentCredentials(owner, current -> true);
            // The conditional UPDATE takes the row lock: parallel redemptions are ordered, one wins.
            int first = AuthorizationCode.update("usedAt = ?1 where codeHash = ?2 and usedAt is null and expiresAt > ?1", now, codeHash);
            AuthorizationCode c = AuthorizationCode.findById(codeHash);
            if (first != 1) {
                return new Redeemed(c, null, null);
            }
            if (!c.clientId.equals(client.clientId()) || !c.redirectUri.equals(redirectUri) || verifier == null
                    || !VERIFIER.matcher(verifier).matches() || !s256(verifier).equals(c.codeChallenge)) {
                // Rolled back: a wrong client, URI or verifier does not use the code up.
                throw refused(request, client, "code bound to another client, redirect URI or verifier");
            }
            List<String> amr = Arrays.asList(c.amr.split(" "));
            // The browser session, read under its row's lock in this transaction (not before it).
            if (account == null || !c.accountId.equals(owner) || c.ssoFamilyId == null || !refreshTokens.lockLive(c.ssoFamilyId, c.accountId)
                    || (mfa.requiresSecondFactor(account.roles()) && !MfaService.isMultiFactor(amr))) {
                throw refused(request, client, "account or browser session ended");
            }
            RefreshTokenService.Issued issued = refreshTokens.start(
                    new RefreshTokenService.Subject(c.accountId, account.roles(), c.scope, amr), RefreshTokenService.KIND_TOKEN,
                    request.client(), client.clientId(), c.ssoFamilyId);
            c.familyId = issued.familyId();
            return new Redeemed(c, issued, account.roles());
        });
        if (r.issued() == null) {
            if (r.code() != null && r.code().usedAt != null && r.code().familyId != null) {
                // RFC 6749 4.1.2 / RFC 9700 4.5: a code used twice ends what its first use issued.
                refreshTokens.revokeFamily(r.code().familyId, "authorization code replayed");
                audit.record(AuditEventType.OIDC_CODE_ERROR, r.code().accountId, request.client(),
                        "client " + client.clientId() + ": code replayed, its tokens revoked");
                throw new OAuthErrorException(400, "invalid_grant", "The authorization code is invalid, expired or used.");
            }
            throw refused(request, client, "unknown, expired or used code");
        }
        AuthorizationCode c = r.code();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", r.issued().response().accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", r.issued().response().expiresIn());
        body.put("refresh_token", r.issued().response().refreshToken());
        body.put("scope", c.scope);
        Set<String> scopes = Set.of(c.scope.split(" "));
        if (scopes.contains("openid")) {
            List<String> amr = Arrays.asList(c.amr.split(" "));
            Map<String, Object> extra = new LinkedHashMap<>();
            AccountView view = QuarkusTransaction.requiringNew().call(() -> accounts.view(c.accountId).orElse(null));
            if (view != null) {
                extra.putAll(UserInfoResource.claims(view, scopes));
                extra.remove("sub");
            }
            body.put("id_token", issuer.idToken(client.idTokenAlg(), c.accountId, client.clientId(), c.authTime, c.nonce, amr,
                    MfaService.isMultiFactor(amr) ? AuthorizationService.ACR_MFA : AuthorizationService.ACR,
                    r.issued().response().accessToken(), c.ssoFamilyId, extra, config.idTokenTtl()));
        }
        audit.record(AuditEventType.OIDC_CODE, c.accountId, request.client(), "client " + client.clientId());
        return body;
    }

    /**
     * Before the code is used up: the client's ID-token algorithm must have an active key, so a
     * refusal here leaves the code for a retry. Not enabled any more (the deployment dropped it from
     * GATEHOUSE_KEYS_ALGORITHMS after the client registered it): 400; enabled but its first key still
     * waits out the publish lead: 503.
     */
    private void requireIdTokenKey(ClientService.Allowed client) {
        SigningAlgorithm alg = client.idTokenAlg();
        if (keys.activeKey(alg).isPresent()) {
            return;
        }
        if (!algorithms.isEnabled(alg)) {
            throw new OAuthErrorException(400, "unauthorized_client", "This client's id_token_signed_response_alg (" + alg.jose()
                    + ") is not enabled on this server.");
        }
        throw new OAuthErrorException(503, "temporarily_unavailable", "The " + alg.jose()
                + " signing key is being published; try again after the key's publish lead.");
    }

    private OAuthErrorException refused(TokenRequest request, ClientService.Allowed client, String reason) {
        audit.record(AuditEventType.OIDC_CODE_ERROR, null, request.client(), "client " + client.clientId() + ": " + reason);
        return new OAuthErrorException(400, "invalid_grant", "The authorization code is invalid, expired or used.");
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
