package dev.gatehouse.admin;

import dev.gatehouse.client.ClientService;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registered OAuth clients, for role {@code admin}; configured service clients are listed read-only. */
@Path("/admin/clients")
@Tag(name = "admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "password")
@Produces(MediaType.APPLICATION_JSON)
public class ClientAdminResource {

    private final ClientService clients;
    private final AdminActor actor;

    public ClientAdminResource(ClientService clients, AdminActor actor) {
        this.clients = clients;
        this.actor = actor;
    }

    /** Body of {@code POST /admin/clients/{id}/secret}. */
    public record RotateRequest(Long overlapSeconds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a machine client (client credentials); the secret is in this answer only")
    public Response register(ClientService.Registration body, @Context HttpServerRequest request) {
        ClientService.Registered r = clients.register(body, actor.detail(null), ClientInfo.of(request));
        return Response.status(201).header(HttpHeaders.CACHE_CONTROL, "no-store").entity(answer(r)).build();
    }

    @GET
    @Operation(summary = "Every client: registered ones and the configured service clients (source config, read-only)")
    public List<ClientService.ClientView> list() {
        return clients.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One client")
    public ClientService.ClientView read(@PathParam("id") String id) {
        return clients.view(id).orElseThrow(() -> new ProblemException(404, "client-not-found", "Not found", "No such client."));
    }

    @POST
    @Path("/{id}/secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rotate the secret; the previous one keeps working for overlapSeconds (default 1 day)")
    public Response rotate(@PathParam("id") String id, RotateRequest body, @Context HttpServerRequest request) {
        Long overlap = body == null ? null : body.overlapSeconds();
        if (overlap != null && overlap < 0) {
            throw ProblemException.invalid("overlap_invalid", "overlapSeconds must not be negative.");
        }
        ClientService.Registered r = clients.rotateSecret(id, overlap == null ? null : Duration.ofSeconds(overlap),
                actor.detail(null), ClientInfo.of(request));
        return Response.ok(answer(r)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable: no new tokens (those issued live out their short life)")
    public ClientService.ClientView disable(@PathParam("id") String id, @Context HttpServerRequest request) {
        return clients.setEnabled(id, false, actor.detail(null), ClientInfo.of(request));
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Enable a disabled client")
    public ClientService.ClientView enable(@PathParam("id") String id, @Context HttpServerRequest request) {
        return clients.setEnabled(id, true, actor.detail(null), ClientInfo.of(request));
    }

    private static Map<String, Object> answer(ClientService.Registered r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client", r.client());
        if (r.clientSecret() != null) {
            m.put("clientSecret", r.clientSecret());
        }
        return m;
    }
}
