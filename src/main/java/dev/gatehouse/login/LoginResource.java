package dev.gatehouse.login;

import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.token.TokenResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OAuth2 resource-owner password form: also the {@code tokenUrl} of Swagger UI's Authorize button. */
@Path("/auth/login")
@Tag(name = "login")
public class LoginResource {

    private final LoginService login;

    public LoginResource(LoginService login) {
        this.login = login;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in with username (e-mail) and password; answers an OAuth2 token response")
    public Response login(@FormParam("grant_type") String grantType, @FormParam("username") String username,
                          @FormParam("password") String password, @FormParam("scope") String scope) {
        if (grantType != null && !grantType.equals("password")) {
            throw new OAuthErrorException(400, "unsupported_grant_type", "Only grant_type=password is accepted here.");
        }
        TokenResponse response = login.login(username, password, scope);
        return Response.ok(response)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
