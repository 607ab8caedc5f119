package dev.gatehouse.login;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/auth")
@Tag(name = "login")
@Authenticated
@SecurityRequirement(name = "password")
public class PasswordResource {

    private final PasswordChangeService passwords;
    private final SecurityIdentity identity;

    public PasswordResource(PasswordChangeService passwords, SecurityIdentity identity) {
        this.passwords = passwords;
        this.identity = identity;
    }

    /** Body of {@code POST /auth/password}. */
    public record ChangeRequest(String currentPassword, String newPassword, Boolean endOtherSessions, String otp, String backupCode) {
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the password (needs the current one); optionally end every other session")
    public Response change(ChangeRequest body, @Context HttpServerRequest request) {
        if (body == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        String sid = jwt.getClaim("sid");
        passwords.change(UUID.fromString(jwt.getSubject()), sid == null ? null : UUID.fromString(sid), body.currentPassword(),
                body.newPassword(), Boolean.TRUE.equals(body.endOtherSessions()), body.otp(), body.backupCode(), ClientInfo.of(request));
        return Response.noContent().build();
    }
}
