package dev.gatehouse.token;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /oauth2/token}: dispatches on {@code grant_type} to the {@link TokenGrant} beans
 * (today {@code client_credentials} and RFC 8693 token exchange; the OpenID Provider adds
 * {@code authorization_code} and {@code refresh_token}). An unknown or missing grant type is
 * 400 {@code unsupported_grant_type} / {@code invalid_request}; every answer has
 * {@code Cache-Control: no-store}.
 */
@Path("/oauth2/token")
@Tag(name = "token")
public class TokenEndpointResource {

    private final Map<String, TokenGrant> grants = new HashMap<>();

    public TokenEndpointResource(Instance<TokenGrant> grants) {
        for (TokenGrant g : grants) {
            if (this.grants.put(g.grantType(), g) != null) {
                throw new IllegalStateException("Two token grants for " + g.grantType());
            }
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OAuth 2.0 token endpoint: client_credentials and token exchange (RFC 8693) of an API key")
    public Response token(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @Context HttpServerRequest http) {
        TokenRequest request = new TokenRequest(TokenRequest.parseForm(body), authorization, ClientInfo.of(http));
        String type = request.required("grant_type");
        TokenGrant grant = grants.get(type);
        if (grant == null) {
            throw new OAuthErrorException(400, "unsupported_grant_type", "This grant type is not supported here.");
        }
        return Response.ok(grant.grant(request))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
