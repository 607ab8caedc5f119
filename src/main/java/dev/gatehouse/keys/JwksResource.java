package dev.gatehouse.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.GatehouseConfig;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published keys and the discovery document. Both are served from memory on the event loop;
 * the JWKS comes with an ETag so verifiers can revalidate cheaply.
 */
@Path("/.well-known")
@Tag(name = "discovery")
public class JwksResource {

    private final KeyManager keys;
    private final String cacheControl;
    private final String discovery;

    public JwksResource(KeyManager keys, KeyConfig keyConfig, SigningAlgorithms algorithms, GatehouseConfig config, ObjectMapper json)
            throws JsonProcessingException {
        this.keys = keys;
        this.cacheControl = "public, max-age=" + keyConfig.jwksMaxAge().toSeconds();
        String base = config.issuer().replaceAll("/+$", "");
        // Only what is implemented, every field backed by a test (oidc/DiscoveryTest,
        // docs/openid-provider.md): the OpenID Provider of package oidc, the grants of /oauth2/token.
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", config.issuer());
        d.put("authorization_endpoint", base + "/oauth2/authorize");
        d.put("token_endpoint", base + "/oauth2/token");
        d.put("userinfo_endpoint", base + "/oauth2/userinfo");
        d.put("end_session_endpoint", base + "/oauth2/logout");
        d.put("jwks_uri", base + "/.well-known/jwks.json");
        d.put("response_types_supported", List.of("code"));
        d.put("response_modes_supported", List.of("query"));
        d.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
                "urn:ietf:params:oauth:grant-type:token-exchange"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("token_endpoint_auth_methods_supported", List.of("none", "client_secret_basic", "client_secret_post", "private_key_jwt"));
        d.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "PS256", "ES256"));
        // Every algorithm this deployment keeps keys for (RS256 first): what a client may register as
        // id_token_signed_response_alg. token_endpoint_auth_signing_alg_values_supported above is what
        // clients' own assertions may use, a different list.
        d.put("id_token_signing_alg_values_supported", algorithms.names());
        d.put("subject_types_supported", List.of("public"));
        d.put("scopes_supported", config.scopes());
        d.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "acr", "azp", "at_hash",
                "sid", "email", "email_verified", "name"));
        d.put("prompt_values_supported", List.of("none", "login", "consent", "select_account"));
        d.put("request_parameter_supported", false);
        d.put("request_uri_parameter_supported", false);
        d.put("claims_parameter_supported", false);
        d.put("authorization_response_iss_parameter_supported", true);
        d.put("backchannel_logout_supported", true);
        d.put("backchannel_logout_session_supported", true);
        d.put("introspection_endpoint", base + "/oauth2/introspect");
        d.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        d.put("revocation_endpoint", base + "/oauth2/revoke");
        d.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        this.discovery = json.writeValueAsString(d);
    }

    @GET
    @Path("/jwks.json")
    @NonBlocking
    @Produces("application/jwk-set+json")
    @Operation(summary = "Public signing keys (JWK Set)")
    public Response jwks(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        KeyManager.Jwks jwks = keys.jwks();
        if (jwks.etag().equals(ifNoneMatch)) {
            return Response.notModified().header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.ETAG, jwks.etag()).build();
        }
        return Response.ok(jwks.json()).header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.ETAG, jwks.etag()).build();
    }

    @GET
    @Path("/openid-configuration")
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issuer metadata (OpenID Connect discovery)")
    public Response openidConfiguration() {
        return Response.ok(discovery).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }
}
