package dev.gatehouse.token;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * For other services, authenticated as a configured service client (HTTP Basic): RFC 7662
 * introspection and RFC 7009 revocation. The feed is {@link RevocationFeedResource}.
 */
@Path("/oauth2")
@Tag(name = "token")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final ServiceClients clients;
    private final AccessTokenVerifier verifier;
    private final RevocationService revocations;
    private final RefreshTokenService refreshTokens;
    private final AuditLog audit;
    private final java.util.List<TokenIntrospector> introspectors;

    public TokenResource(ServiceClients clients, AccessTokenVerifier verifier, RevocationService revocations,
                         RefreshTokenService refreshTokens, AuditLog audit, jakarta.enterprise.inject.Instance<TokenIntrospector> introspectors) {
        this.introspectors = introspectors.stream().toList();
        this.audit = audit;
        this.clients = clients;
        this.verifier = verifier;
        this.revocations = revocations;
        this.refreshTokens = refreshTokens;
    }

    @POST
    @Path("/introspect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "RFC 7662 token introspection (service clients)")
    public Uni<Response> introspect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @FormParam("token") String token, @FormParam("token_type_hint") String hint,
                                    @Context HttpServerRequest request) {
        ClientInfo caller = ClientInfo.of(request);
        return clients.requireAsync(authorization, caller).chain(client -> introspect(token, caller));
    }

    private Uni<Response> introspect(String token, ClientInfo caller) {
        if (token == null || token.isEmpty()) {
            throw new OAuthErrorException(400, "invalid_request", "The token parameter is required.");
        }
        for (TokenIntrospector other : introspectors) {
            if (other.handles(token)) {
                return Uni.createFrom().item(() -> other.introspect(token, caller))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .map(TokenResource::ok);
            }
        }
        if (token.indexOf('.') >= 0) {
            JsonWebToken jwt;
            try {
                jwt = verifier.verify(token);
            } catch (InvalidTokenException e) {
                return Uni.createFrom().item(ok(INACTIVE));
            }
            return revocations.isRevoked(jwt.getTokenID(), jwt.getSubject(), jwt.getIssuedAtTime())
                    .map(revoked -> ok(revoked ? INACTIVE : describe(jwt)));
        }
        return Uni.createFrom().item(() -> refreshTokens.active(token)
                        .<Map<String, Object>>map(p -> Map.of("active", true, "token_type", "refresh_token",
                                "sub", p.accountId().toString(), "exp", p.absoluteExpiresAt().getEpochSecond(),
                                "sid", p.familyId().toString()))
                        .orElse(INACTIVE))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(TokenResource::ok);
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "RFC 7009 token revocation (service clients); answers 200 for unknown tokens too")
    public Response revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @FormParam("token") String token, @FormParam("token_type_hint") String hint,
                           @Context HttpServerRequest request) {
        String client = clients.require(authorization, ClientInfo.of(request));
        if (token == null || token.isEmpty()) {
            throw new OAuthErrorException(400, "invalid_request", "The token parameter is required.");
        }
        if (token.indexOf('.') >= 0) {
            try {
                JsonWebToken jwt = verifier.verify(token);
                UUID account = accountOf(jwt);
                if (account == null) {
                    // A client-credentials token (sub = client id): short-lived, not revocable one by one.
                    return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
                }
                revocations.revokeToken(jwt.getTokenID(), account, Instant.ofEpochSecond(jwt.getExpirationTime()));
                audit.record(AuditEventType.TOKEN_REVOKED, account, null, "access token by service client " + client);
            } catch (InvalidTokenException e) {
                // Not ours or no longer valid: nothing to revoke.
            }
        } else {
            refreshTokens.active(token).ifPresent(p -> {
                refreshTokens.revokeFamily(p.familyId(), "revoked");
                audit.record(AuditEventType.TOKEN_REVOKED, p.accountId(), null, "refresh family by service client " + client);
            });
        }
        return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static UUID accountOf(JsonWebToken jwt) {
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Map<String, Object> describe(JsonWebToken jwt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("token_type", "access_token");
        m.put("iss", jwt.getIssuer());
        m.put("sub", jwt.getSubject());
        m.put("aud", jwt.getAudience());
        m.put("exp", jwt.getExpirationTime());
        m.put("iat", jwt.getIssuedAtTime());
        m.put("jti", jwt.getTokenID());
        m.put("scope", jwt.getClaim("scope"));
        m.put("groups", jwt.getGroups());
        Object clientId = jwt.getClaim("client_id");
        if (clientId != null) {
            m.put("client_id", clientId instanceof jakarta.json.JsonString js ? js.getString() : clientId.toString());
        }
        Object sid = jwt.getClaim("sid");
        if (sid != null) {
            m.put("sid", sid.toString());
        }
        return m;
    }

    private static Response ok(Map<String, Object> body) {
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
