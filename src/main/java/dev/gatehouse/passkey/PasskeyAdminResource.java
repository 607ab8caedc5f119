package dev.gatehouse.passkey;

import dev.gatehouse.admin.AdminActor;
import dev.gatehouse.common.ClientInfo;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** An account's passkeys, for role {@code admin}: list, and remove a lost or stolen one (audited with the acting admin). */
@Path("/admin/accounts/{id}/passkeys")
@Tag(name = "admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "password")
@Produces(MediaType.APPLICATION_JSON)
public class PasskeyAdminResource {

    private final PasskeyService passkeys;
    private final AdminActor actor;

    public PasskeyAdminResource(PasskeyService passkeys, AdminActor actor) {
        this.passkeys = passkeys;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "The account's passkeys")
    public List<PasskeyService.PasskeyView> list(@PathParam("id") String id) {
        return passkeys.list(accountId(id));
    }

    @DELETE
    @Path("/{passkey}")
    @Operation(summary = "Remove one of the account's passkeys (409 when it is the account's last way to sign in)")
    public Response remove(@PathParam("id") String id, @PathParam("passkey") String passkey, @Context HttpServerRequest http) {
        passkeys.remove(accountId(id), PasskeyResource.passkeyId(passkey), ClientInfo.of(http), actor.detail(null));
        return Response.noContent().build();
    }

    private static UUID accountId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new dev.gatehouse.common.ProblemException(404, "account-not-found", "Not found", "No such account.");
        }
    }
}
