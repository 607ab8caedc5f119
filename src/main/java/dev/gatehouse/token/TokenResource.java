package dev.gatehouse.token;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;

/** Logout: this token, or every token of the caller. */
@Path("/auth")
@Tag(name = "token")
@Authenticated
@SecurityRequirement(name = "password")
public class TokenResource {

    private final RevocationService revocations;
    private final SecurityIdentity identity;

    public TokenResource(RevocationService revocations, SecurityIdentity identity) {
        this.revocations = revocations;
        this.identity = identity;
    }

    @POST
    @Path("/logout")
    @Operation(summary = "End this session: the presented access token stops working")
    public Response logout() {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        revocations.revokeToken(jwt.getTokenID(), UUID.fromString(jwt.getSubject()), Instant.ofEpochSecond(jwt.getExpirationTime()));
        return Response.noContent().build();
    }

    @POST
    @Path("/logout-all")
    @Operation(summary = "End every session and token of the caller")
    public Response logoutAll() {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        revocations.revokeAllForAccount(UUID.fromString(jwt.getSubject()));
        return Response.noContent().build();
    }
}
