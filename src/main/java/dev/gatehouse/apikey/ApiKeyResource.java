package dev.gatehouse.apikey;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Self-service API keys of the signed-in caller. Not {@link ApiKeyAllowed}: a key (or a token
 * exchanged for one) cannot list, create or revoke keys.
 */
@Path("/auth/api-keys")
@Tag(name = "api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@SecurityRequirement(name = "password")
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final SecurityIdentity identity;
    private final dev.gatehouse.token.RefreshTokenService sessions;
    private final ApiKeyConfig config;
    private final java.time.Clock clock;

    public ApiKeyResource(ApiKeyService keys, SecurityIdentity identity, dev.gatehouse.token.RefreshTokenService sessions,
                          ApiKeyConfig config, java.time.Clock clock) {
        this.keys = keys;
        this.identity = identity;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    /** 403 unless the caller's session signed in within {@link ApiKeyConfig#createWithin()}; the session. */
    private UUID requireRecentSignIn() {
        Object sid = identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt ? jwt.getClaim("sid") : null;
        java.util.Optional<java.time.Instant> signedIn = java.util.Optional.empty();
        UUID session = null;
        if (sid != null) {
            try {
                session = UUID.fromString(sid.toString());
                signedIn = sessions.signedInAt(session, caller());
            } catch (IllegalArgumentException e) {
                signedIn = java.util.Optional.empty();
            }
        }
        if (signedIn.isEmpty() || signedIn.get().isBefore(clock.instant().minus(config.createWithin()))) {
            throw new ProblemException(403, "recent-sign-in-required", "Sign in again",
                    "Creating an API key needs a session that signed in within the last " + config.createWithin().toMinutes()
                            + " minutes: sign in again, then create the key.");
        }
        return session;
    }

    /** Body of {@code POST /auth/api-keys}: {@code expiresIn} in seconds. */
    public record CreateRequest(String name, List<String> scopes, Long expiresIn) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key; the key is in this answer only")
    public Response create(CreateRequest body, @Context HttpServerRequest http) {
        if (body == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        UUID session = requireRecentSignIn();
        ApiKeyService.Created created = keys.create(caller(), session, body.name(), body.scopes(), body.expiresIn(), ClientInfo.of(http));
        ApiKeyService.KeyView v = created.view();
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("id", v.id());
        answer.put("key", created.key());
        answer.put("name", v.name());
        answer.put("prefix", v.prefix());
        answer.put("scopes", v.scopes());
        answer.put("createdAt", v.createdAt());
        answer.put("expiresAt", v.expiresAt());
        return Response.status(201).header(HttpHeaders.CACHE_CONTROL, "no-store").entity(answer).build();
    }

    @GET
    @Operation(summary = "The caller's live API keys (never the keys themselves)")
    public List<ApiKeyService.KeyView> list() {
        return keys.list(caller());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key and the tokens exchanged for it, at once on every instance")
    public Response revoke(@PathParam("id") String id, @Context HttpServerRequest http) {
        UUID keyId;
        try {
            keyId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        if (!keys.revoke(caller(), keyId, ClientInfo.of(http))) {
            throw notFound();
        }
        return Response.noContent().build();
    }

    private UUID caller() {
        return UUID.fromString(identity.getPrincipal().getName());
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "api-key-not-found", "Not found", "The caller has no such live API key.");
    }
}
