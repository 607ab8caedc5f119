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

    public JwksResource(KeyManager keys, KeyConfig keyConfig, GatehouseConfig config, ObjectMapper json)
            throws JsonProcessingException {
        this.keys = keys;
        this.cacheControl = "public, max-age=" + keyConfig.jwksMaxAge().toSeconds();
        String base = config.issuer().replaceAll("/+$", "");
        // Only what is implemented (see README, "Discovery"): no authorization endpoint and no ID
        // tokens yet, so none of the OpenID Provider fields that would promise them; the token
        // endpoint takes grant_type=password only (refreshing is POST /auth/refresh).
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", config.issuer());
        d.put("jwks_uri", base + "/.well-known/jwks.json");
        d.put("token_endpoint", base + "/auth/login");
        d.put("grant_types_supported", List.of("password"));
        d.put("token_endpoint_auth_methods_supported", List.of("none"));
        d.put("introspection_endpoint", base + "/oauth2/introspect");
        d.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        d.put("revocation_endpoint", base + "/oauth2/revoke");
        d.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        d.put("scopes_supported", config.scopes());
        d.put("subject_types_supported", List.of("public"));
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
