package dev.gatehouse.account;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;
import java.util.UUID;

@Path("/auth")
@Tag(name = "account")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;
    private final SecurityIdentity identity;
    private final RateLimiter limiter;
    private final ProtectionConfig protection;
    private final AuditLog audit;
    private final PublicUrls urls;

    private final Registrations registrations;

    public AccountResource(AccountService accounts, SecurityIdentity identity, RateLimiter limiter, ProtectionConfig protection,
                           AuditLog audit, PublicUrls urls, Registrations registrations) {
        this.registrations = registrations;
        this.audit = audit;
        this.urls = urls;
        this.accounts = accounts;
        this.identity = identity;
        this.limiter = limiter;
        this.protection = protection;
    }

    /** Body of {@code POST /auth/register}. */
    public record RegisterRequest(String email, String password, String displayName) {
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a local account")
    public Response register(RegisterRequest request, @Context HttpServerRequest http, @Context jakarta.ws.rs.core.HttpHeaders headers) {
        registrations.requireEnabled();
        registrations.countAddress(ClientInfo.of(http));
        if (request == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        registrations.countEmail(request.email());
        AccountView view;
        try {
            view = accounts.register(request.email(), request.password(), request.displayName(), Set.of(Account.ROLE_USER),
                    dev.gatehouse.common.Languages.requested(headers));
        } catch (ProblemException e) {
            audit.record(AuditEventType.REGISTER_ERROR, null, ClientInfo.of(http), e.rule() != null ? e.rule() : "status " + e.status());
            throw e;
        }
        audit.record(AuditEventType.REGISTER, view.id(), ClientInfo.of(http), null);
        return Response.created(urls.absolute("/auth/me")).entity(view).build();
    }

    @GET
    @Path("/me")
    @Authenticated
    @dev.gatehouse.apikey.ApiKeyAllowed
    @SecurityRequirement(name = "password")
    @Operation(summary = "The caller's account")
    public Uni<AccountView> me() {
        UUID id = UUID.fromString(identity.getPrincipal().getName());
        // A bearer token sees no view cached before the end of its issue second (a role change ends
        // older tokens, so a token's roles and the view agree on every instance); see AccountService.
        long loadedAfter = identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt
                ? (jwt.getIssuedAtTime() + 1) * 1000 : 0;
        return accounts.cachedView(id, loadedAfter).map(v -> v.filter(AccountView::active).orElseThrow(UnauthorizedException::new));
    }
}
