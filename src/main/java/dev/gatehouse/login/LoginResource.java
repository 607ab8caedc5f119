package dev.gatehouse.login;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.RefreshTokenService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
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

/**
 * OAuth2 resource-owner password form: also the {@code tokenUrl} of Swagger UI's Authorize button.
 * With {@code session=cookie} the refresh token goes into the HttpOnly session cookie instead of
 * the body (browser apps); such a login must pass {@link SessionCookies#requireSameSite} like every
 * other cookie-session request (403 otherwise, before any password work).
 */
@Path("/auth/login")
@Tag(name = "login")
public class LoginResource {

    private final LoginService login;
    private final SessionCookies cookies;

    public LoginResource(LoginService login, SessionCookies cookies) {
        this.login = login;
        this.cookies = cookies;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in with username (e-mail) and password; answers an OAuth2 token response")
    public Response login(@FormParam("grant_type") String grantType, @FormParam("username") String username,
                          @FormParam("password") String password, @FormParam("scope") String scope,
                          @FormParam("session") String session, @Context HttpServerRequest request,
                          @Context HttpHeaders headers) {
        if (grantType != null && !grantType.equals("password")) {
            throw new OAuthErrorException(400, "unsupported_grant_type", "Only grant_type=password is accepted here.");
        }
        boolean browser = "cookie".equals(session);
        if (browser) {
            // Login CSRF: a cross-site form must not sign the victim's browser into the attacker's
            // account. The refresh's rule (custom header; Origin, when sent, ours or allowed), before
            // any password work and before the cookie exists.
            cookies.requireSameSite(headers);
        }
        RefreshTokenService.Issued issued = login.login(username, password, scope,
                browser ? RefreshTokenService.KIND_COOKIE : RefreshTokenService.KIND_TOKEN, ClientInfo.of(request));
        TokenResponse pair = issued.response();
        Response.ResponseBuilder response = Response.ok(browser
                        ? pair.withoutRefreshToken()
                        : pair)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache");
        if (browser) {
            // A new session id (family) at every login: nothing from before the login survives it.
            response.cookie(cookies.issue(pair.refreshToken(), issued.absoluteExpiresAt()));
        }
        return response.build();
    }
}
