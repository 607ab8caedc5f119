package dev.gatehouse.admin;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.keys.KeyManager;
import dev.gatehouse.keys.KeyRotationService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/** Key rotation on demand. */
@Path("/admin/keys")
@Tag(name = "admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "password")
@Produces(MediaType.APPLICATION_JSON)
public class KeyAdminResource {

    private final KeyRotationService rotation;
    private final KeyManager keys;
    private final AuditLog audit;
    private final AdminActor actor;
    private final Clock clock;

    public KeyAdminResource(KeyRotationService rotation, KeyManager keys, AuditLog audit, AdminActor actor, Clock clock) {
        this.rotation = rotation;
        this.keys = keys;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Publish a successor key now; it signs once the publish lead has passed")
    public KeyRotationService.Rotation rotate(@Context HttpServerRequest request) {
        KeyRotationService.Rotation r = rotation.rotateNow(clock.instant());
        keys.reload();
        // The account is the acting admin (a rotation has no other subject); the detail says so too.
        audit.record(AuditEventType.KEY_ROTATED, actor.id(), ClientInfo.of(request),
                actor.detail("next key " + r.kid() + " signs from " + r.activateAt()
                        + (r.next().size() > 1 ? " (" + r.next().stream().map(n -> n.algorithm() + " " + n.kid())
                        .collect(java.util.stream.Collectors.joining(", ")) + ")" : "")));
        return r;
    }
}
