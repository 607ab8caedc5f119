package dev.gatehouse.apikey;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.OAuthErrorException;
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
 * RFC 8693 token exchange of an API key for a short-lived access token:
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange},
 * {@code subject_token=gk_…}, {@code subject_token_type=urn:gatehouse:token-type:api-key}, and
 * optionally {@code scope} (a subset of the key's), {@code audience} (only ours) and
 * {@code requested_token_type} (only access tokens). No client authentication: the key is the
 * credential. The token has {@code sub} = the owner, {@code amr: ["api_key"]}, the key's scopes,
 * the owner's current roles within them, and a life of at most
 * {@code gatehouse.api-key.exchanged-token-ttl} and the key's remaining life; it is revoked with
 * the key, and with the owner's other tokens when the owner is disabled, deleted or demoted.
 */
@ApplicationScoped
public class TokenExchangeGrant implements TokenGrant {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String API_KEY_TOKEN_TYPE = "urn:gatehouse:token-type:api-key";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final ApiKeyService keys;
    private final TokenIssuer issuer;
    private final GatehouseConfig config;
    private final MeterRegistry registry;

    public TokenExchangeGrant(ApiKeyService keys, TokenIssuer issuer, GatehouseConfig config, MeterRegistry registry) {
        this.keys = keys;
        this.issuer = issuer;
        this.config = config;
        this.registry = registry;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public Map<String, Object> grant(TokenRequest request) {
        String subjectToken = request.required("subject_token");
        String subjectType = request.required("subject_token_type");
        if (!API_KEY_TOKEN_TYPE.equals(subjectType)) {
            throw failed(400, "invalid_request", "subject_token_type must be " + API_KEY_TOKEN_TYPE + ".");
        }
        if (request.param("actor_token") != null) {
            throw failed(400, "invalid_request", "Delegation (actor_token) is not supported.");
        }
        String requestedType = request.param("requested_token_type");
        if (requestedType != null && !ACCESS_TOKEN_TYPE.equals(requestedType)) {
            throw failed(400, "invalid_request", "Only access tokens can be requested.");
        }
        List<String> audiences = request.all("audience");
        if (audiences.stream().anyMatch(a -> !a.equals(config.audience())) || !request.all("resource").isEmpty()) {
            throw failed(400, "invalid_target", "A key's token can only be for audience " + config.audience() + ".");
        }
        if (!ApiKeyFormat.wellFormed(subjectToken)) {
            keys.refused(ApiKeyService.Refusal.MALFORMED, null, null, request.client());
            throw failed(400, "invalid_grant", "The API key is not valid.");
        }
        ApiKeyService.Verified key;
        try {
            key = keys.verify(subjectToken, request.client());
        } catch (ApiKeyService.KeyRefusedException e) {
            throw failed(400, "invalid_grant", "The API key is not valid.");
        }
        Set<String> scopes = key.scopes();
        String asked = request.param("scope");
        if (asked != null) {
            Set<String> wanted = new LinkedHashSet<>(Arrays.asList(asked.trim().split(" +")));
            if (!scopes.containsAll(wanted)) {
                throw failed(400, "invalid_scope", "The key does not carry every scope asked for.");
            }
            scopes = wanted;
        }
        String scope = String.join(" ", scopes);
        TokenIssuer.AccessToken token;
        try {
            token = keys.exchange(key, scopes);
        } catch (ApiKeyService.KeyRefusedException e) {
            throw failed(400, "invalid_grant", "The API key is not valid.");
        }
        registry.counter("gatehouse.token_exchange", "outcome", "ok").increment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.token());
        body.put("issued_token_type", ACCESS_TOKEN_TYPE);
        body.put("token_type", "bearer");
        body.put("expires_in", token.expiresIn());
        body.put("scope", scope);
        return body;
    }

    private OAuthErrorException failed(int status, String error, String description) {
        registry.counter("gatehouse.token_exchange", "outcome", error).increment();
        return new OAuthErrorException(status, error, description);
    }
}
