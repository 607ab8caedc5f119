package dev.gatehouse.admin;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.keys.KeyManager;
import dev.gatehouse.keys.KeyRotationService;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.UUID;

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
    private final SecurityIdentity identity;
    private final Clock clock;

    public KeyAdminResource(KeyRotationService rotation, KeyManager keys, AuditLog audit, SecurityIdentity identity, Clock clock) {
        this.rotation = rotation;
        this.keys = keys;
        this.audit = audit;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Publish a successor key now; it signs once the publish lead has passed")
    public KeyRotationService.Rotation rotate(@Context HttpServerRequest request) {
        KeyRotationService.Rotation r = rotation.rotateNow(clock.instant());
        keys.reload();
        audit.record(AuditEventType.KEY_ROTATED, UUID.fromString(identity.getPrincipal().getName()), ClientInfo.of(request),
                "next key " + r.kid() + " signs from " + r.activateAt());
        return r;
    }
}
