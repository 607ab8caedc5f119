package dev.gatehouse.session;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.TokenResponse;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Refresh, logout and the caller's sessions. */
@Path("/auth")
@Tag(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionService sessions;
    private final SessionCookies cookies;
    private final SecurityIdentity identity;
    private final RateLimiter limiter;
    private final ProtectionConfig protection;

    public SessionResource(SessionService sessions, SessionCookies cookies, SecurityIdentity identity, RateLimiter limiter,
                           ProtectionConfig protection) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.identity = identity;
        this.limiter = limiter;
        this.protection = protection;
    }

    /** Body of a JSON refresh. */
    public record RefreshRequest(String refresh_token) {
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "A new token pair for a refresh token (form), or for the session cookie")
    public Response refreshForm(@FormParam("grant_type") String grantType, @FormParam("refresh_token") String token,
                                @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                                @Context HttpServerRequest request) {
        if (grantType != null && !grantType.equals("refresh_token")) {
            throw new OAuthErrorException(400, "unsupported_grant_type", "Only grant_type=refresh_token is accepted here.");
        }
        return refresh(token, cookie, headers, request);
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A new token pair for a refresh token (JSON), or for the session cookie")
    public Response refreshJson(RefreshRequest body, @CookieParam(SessionCookies.NAME) String cookie,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return refresh(body == null ? null : body.refresh_token(), cookie, headers, request);
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "A new access token for the session cookie")
    public Response refreshCookie(@CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                                  @Context HttpServerRequest request) {
        return refresh(null, cookie, headers, request);
    }

    private Response refresh(String bodyToken, String cookie, HttpHeaders headers, HttpServerRequest request) {
        ClientInfo client = ClientInfo.of(request);
        limiter.require("refresh-address", client.limitKey(), protection.refreshPerAddress());
        if (bodyToken != null && !bodyToken.isEmpty()) {
            TokenResponse pair = sessions.refresh(bodyToken, client).response();
            return noStore(Response.ok(pair)).build();
        }
        if (cookie == null || cookie.isEmpty()) {
            throw new OAuthErrorException(400, "invalid_request", "A refresh_token or the session cookie is required.");
        }
        cookies.requireSameSite(headers);
        RefreshTokenService.Issued issued = sessions.refresh(cookie, client);
        TokenResponse pair = issued.response();
        // The refresh token stays in the HttpOnly cookie; scripts see only the access token.
        return noStore(Response.ok(pair.withoutRefreshToken()))
                .cookie(cookies.issue(pair.refreshToken(), issued.absoluteExpiresAt()))
                .build();
    }

    @POST
    @Path("/logout")
    @SecurityRequirement(name = "password")
    @Operation(summary = "End this session: the presented access token and its refresh-token family, or the session cookie")
    public Response logout(@CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                           @Context HttpServerRequest request) {
        ClientInfo client = ClientInfo.of(request);
        boolean done = false;
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt) {
            String sid = jwt.getClaim("sid");
            sessions.logout(UUID.fromString(jwt.getSubject()), jwt.getTokenID(), Instant.ofEpochSecond(jwt.getExpirationTime()),
                    sid == null ? null : UUID.fromString(sid), client);
            done = true;
        }
        Response.ResponseBuilder response = Response.noContent();
        if (cookie != null && !cookie.isEmpty()) {
            cookies.requireSameSite(headers);
            sessions.endByRefreshToken(cookie, client);
            response.cookie(cookies.clear());
            done = true;
        }
        if (!done) {
            throw new UnauthorizedException();
        }
        return response.build();
    }

    @POST
    @Path("/logout-all")
    @Authenticated
    @SecurityRequirement(name = "password")
    @Operation(summary = "End every session and token of the caller")
    public Response logoutAll(@Context HttpServerRequest request) {
        sessions.logoutAll(accountId(), ClientInfo.of(request));
        return Response.noContent().cookie(cookies.clear()).build();
    }

    @GET
    @Path("/sessions")
    @Authenticated
    @SecurityRequirement(name = "password")
    @Operation(summary = "The caller's live sessions")
    public List<SessionView> list() {
        String current = ((JsonWebToken) identity.getPrincipal()).getClaim("sid");
        return sessions.list(accountId()).stream()
                .map(f -> new SessionView(f.id(), f.kind().equals(RefreshTokenService.KIND_COOKIE) ? "browser" : "token",
                        f.createdAt(), f.lastUsedAt(), f.expiresAt(), f.clientAddress(), f.userAgent(),
                        f.id().toString().equals(current)))
                .toList();
    }

    @DELETE
    @Path("/sessions/{id}")
    @Authenticated
    @SecurityRequirement(name = "password")
    @Operation(summary = "End one of the caller's sessions")
    public Response end(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID sessionId;
        try {
            sessionId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "not-found", "Not found", "No such session.");
        }
        if (!sessions.end(accountId(), sessionId, ClientInfo.of(request))) {
            throw new ProblemException(404, "not-found", "Not found", "No such session.");
        }
        return Response.noContent().build();
    }

    /** One session as the owner sees it. */
    public record SessionView(UUID id, String type, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                              String address, String userAgent, boolean current) {
    }

    private UUID accountId() {
        return UUID.fromString(((JsonWebToken) identity.getPrincipal()).getSubject());
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder b) {
        return b.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }
}
