package dev.gatehouse.apikey;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.token.TokenIntrospector;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7662 answers for API keys: active with owner, scopes and expiry, or {@code active: false}. */
@ApplicationScoped
public class ApiKeyIntrospector implements TokenIntrospector {

    private final ApiKeyService keys;
    private final GatehouseConfig config;

    public ApiKeyIntrospector(ApiKeyService keys, GatehouseConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Override
    public boolean handles(String token) {
        return ApiKeyFormat.claimsToBeKey(token);
    }

    @Override
    public Map<String, Object> introspect(String token, ClientInfo client) {
        if (!ApiKeyFormat.wellFormed(token)) {
            keys.refused(ApiKeyService.Refusal.MALFORMED, null, null, client);
            return Map.of("active", false);
        }
        ApiKeyService.Verified key;
        try {
            key = keys.verify(token, client);
        } catch (ApiKeyService.KeyRefusedException e) {
            return Map.of("active", false);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("token_type", "api_key");
        m.put("iss", config.issuer());
        m.put("sub", key.accountId().toString());
        m.put("scope", String.join(" ", key.scopes()));
        m.put("groups", key.roles());
        m.put("amr", java.util.List.of(ApiKeyIdentity.AMR));
        if (key.expiresAt() != null) {
            m.put("exp", key.expiresAt().getEpochSecond());
        }
        return m;
    }
}
