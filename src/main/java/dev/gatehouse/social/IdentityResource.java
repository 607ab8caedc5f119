package dev.gatehouse.social;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.session.ReturnUrls;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The signed-in person's linked identities: list, link (explicitly, from a signed-in session), unlink. */
@Path("/auth/identities")
@Tag(name = "social")
@Authenticated
@SecurityRequirement(name = "password")
public class IdentityResource {

    private final SocialLoginService social;
    private final SocialProviders providers;
    private final SocialFlowCookies flows;
    private final ReturnUrls returnUrls;
    private final GatehouseConfig config;
    private final SecurityIdentity identity;

    public IdentityResource(SocialLoginService social, SocialProviders providers, SocialFlowCookies flows,
                            ReturnUrls returnUrls, GatehouseConfig config, SecurityIdentity identity) {
        this.social = social;
        this.providers = providers;
        this.flows = flows;
        this.returnUrls = returnUrls;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The identities linked to the caller's account")
    public List<SocialLoginService.IdentityView> list() {
        return social.identities(caller());
    }

    /**
     * Starts linking: binds the flow to this browser (a sealed, short-lived cookie naming the
     * caller's account) and answers the URL the browser must open next. Whatever provider identity
     * signs in on that flow is linked to the caller, unless it already belongs to someone else.
     */
    @POST
    @Path("/{provider}/link")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start linking a provider to the signed-in account; open authorization_url in the browser next")
    public Response link(@PathParam("provider") String provider, @QueryParam("return_to") String returnTo) {
        SocialProvider p = providers.require(provider);
        String url = UriBuilder.fromUri(config.issuer()).path("/auth/social/" + p.id() + "/login")
                .queryParam("flow", "link").build().toString();
        return Response.ok(Map.of("authorization_url", url))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(flows.start(p, returnUrls.resolve(returnTo), caller(), callerSession()))
                .build();
    }

    @DELETE
    @Path("/{provider}")
    @Operation(summary = "Unlink a provider (refused while it is the account's only way to sign in)")
    public Response unlink(@PathParam("provider") String provider, @Context HttpServerRequest request) {
        SocialProvider p = SocialProvider.byId(provider).orElseThrow(() -> new ProblemException(404, "unknown-provider",
                "Unknown provider", "No sign-in provider of this name exists."));
        social.unlink(caller(), p, ClientInfo.of(request));
        return Response.noContent().build();
    }

    private UUID caller() {
        return UUID.fromString(identity.getPrincipal().getName());
    }

    /** The session ({@code sid}) of the caller's access token, or null (the link is then refused at the callback). */
    private UUID callerSession() {
        Object sid = identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt ? jwt.getClaim("sid") : null;
        try {
            return sid == null ? null : UUID.fromString(sid.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
