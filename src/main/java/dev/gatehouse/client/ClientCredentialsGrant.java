package dev.gatehouse.client;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.TokenGrant;
import dev.gatehouse.token.TokenIssuer;
import dev.gatehouse.token.TokenRequest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grant_type=client_credentials}: an RS256 access token whose {@code sub} and
 * {@code client_id} are the client, with the scopes asked for ({@code scope}, all allowed ones
 * when absent) and the audiences asked for ({@code audience} or RFC 8707 {@code resource}, all
 * allowed ones when absent); anything beyond what the client is allowed is {@code invalid_scope}
 * or {@code invalid_target}. No refresh token. Token requests are limited per client.
 */
@ApplicationScoped
public class ClientCredentialsGrant implements TokenGrant {

    private final ClientAuthenticator authenticator;
    private final TokenIssuer issuer;
    private final RateLimiter limiter;
    private final ClientConfig config;
    private final AuditLog audit;
    private final MeterRegistry registry;

    public ClientCredentialsGrant(ClientAuthenticator authenticator, TokenIssuer issuer, RateLimiter limiter, ClientConfig config,
                                  AuditLog audit, MeterRegistry registry) {
        this.authenticator = authenticator;
        this.issuer = issuer;
        this.limiter = limiter;
        this.config = config;
        this.audit = audit;
        this.registry = registry;
    }

    @Override
    public String grantType() {
        return "client_credentials";
    }

    @Override
    public Map<String, Object> grant(TokenRequest request) {
        ClientService.Allowed client = authenticator.authenticate(request);
        if (!OAuthClient.TYPE_MACHINE.equals(client.type())) {
            throw refused(request, client, "unauthorized_client", "This client may not use the client_credentials grant.");
        }
        try {
            limiter.require("client-token", client.clientId(), config.tokensPerClient());
        } catch (RateLimitedException e) {
            throw new OAuthErrorException(429, "temporarily_unavailable",
                    "Too many token requests for this client. Try again in " + e.retryAfterSeconds() + " seconds.", e.retryAfterSeconds());
        }
        String asked = request.param("scope");
        Set<String> scopes = asked == null ? client.scopes() : new LinkedHashSet<>(Arrays.asList(asked.trim().split(" +")));
        if (!client.scopes().containsAll(scopes)) {
            throw refused(request, client, "invalid_scope", "A scope asked for is not allowed for this client.");
        }
        List<String> askedAudiences = new java.util.ArrayList<>(request.all("audience"));
        askedAudiences.addAll(request.all("resource"));
        Set<String> audiences = askedAudiences.isEmpty() ? client.audiences() : new LinkedHashSet<>(askedAudiences);
        if (audiences.isEmpty() || !client.audiences().containsAll(audiences)) {
            throw refused(request, client, "invalid_target", "An audience asked for is not allowed for this client.");
        }
        String scope = String.join(" ", scopes);
        TokenIssuer.AccessToken token = issuer.issue(client.clientId(), Set.of(), scope, List.of(), List.copyOf(audiences),
                client.clientId(), config.tokenTtl());
        audit.record(AuditEventType.CLIENT_CREDENTIALS, null, request.client(),
                "client " + client.clientId() + " scope [" + scope + "] aud " + audiences);
        registry.counter("gatehouse.client_credentials", "outcome", "ok").increment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.token());
        body.put("token_type", "bearer");
        body.put("expires_in", token.expiresIn());
        body.put("scope", scope);
        return body;
    }

    private OAuthErrorException refused(TokenRequest request, ClientService.Allowed client, String error, String description) {
        registry.counter("gatehouse.client_credentials", "outcome", error).increment();
        audit.record(AuditEventType.CLIENT_CREDENTIALS_ERROR, null, request.client(), "client " + client.clientId() + ": " + error);
        return new OAuthErrorException(400, error, description);
    }
}
