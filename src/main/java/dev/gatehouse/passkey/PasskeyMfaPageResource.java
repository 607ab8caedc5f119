package dev.gatehouse.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.mfa.MfaCookie;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.session.ReturnUrls;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.RefreshTokenService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The hosted code step's passkey answer (after the password on /login): the pending sign-in is the
 * {@code __Host-gatehouse-mfa} cookie, read here and never by the script; the script's calls carry
 * the page's CSRF token ({@code X-CSRF-Token}, matching the hosted page's {@code __Host-gatehouse-csrf}
 * cookie) and {@code X-Requested-With}.
 */
@Path("/login/mfa/passkey")
@Tag(name = "hosted page")
@Produces(MediaType.APPLICATION_JSON)
public class PasskeyMfaPageResource {

    /** The hosted page's CSRF cookie (login package), whose value the code-step form carries. */
    static final String HOSTED_CSRF_COOKIE = dev.gatehouse.page.Csrf.COOKIE;

    private final PasskeyService passkeys;
    private final MfaService mfa;
    private final SessionCookies sessions;
    private final ReturnUrls returnUrls;

    public PasskeyMfaPageResource(PasskeyService passkeys, MfaService mfa, SessionCookies sessions, ReturnUrls returnUrls) {
        this.passkeys = passkeys;
        this.mfa = mfa;
        this.sessions = sessions;
        this.returnUrls = returnUrls;
    }

    /** Body of the finish: the credential, and where to go. */
    public record Finish(JsonNode credential, @com.fasterxml.jackson.annotation.JsonProperty("return_to") String returnTo) {
    }

    @POST
    @Path("/options")
    @Operation(summary = "Passkey options for the hosted code step (400 when the account has no passkey)")
    public Response options(@CookieParam(MfaCookie.NAME) String mfaToken, @CookieParam(HOSTED_CSRF_COOKIE) String csrf,
                            @HeaderParam("X-CSRF-Token") String csrfHeader, @HeaderParam(SessionCookies.CSRF_HEADER) String xrw,
                            @Context HttpServerRequest http) {
        requireScriptCall(csrf, csrfHeader, xrw);
        MfaService.PendingStep step = mfa.pendingStep(mfaToken);
        return Response.ok(passkeys.startSecondFactor(step.accountId(), step.tokenHash(), ClientInfo.of(http)).publicKey())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The hosted code step answered by a passkey: the session cookie and {location}")
    public Response finish(Finish body, @CookieParam(MfaCookie.NAME) String mfaToken, @CookieParam(HOSTED_CSRF_COOKIE) String csrf,
                           @HeaderParam("X-CSRF-Token") String csrfHeader, @HeaderParam(SessionCookies.CSRF_HEADER) String xrw,
                           @Context HttpServerRequest http) {
        requireScriptCall(csrf, csrfHeader, xrw);
        if (body == null || body.credential() == null || !body.credential().isObject()) {
            throw ProblemException.invalid("credential_missing", "credential (the PublicKeyCredential as JSON) is required.");
        }
        MfaService.SignedIn done;
        try {
            // The CSRF token above is this page's login-CSRF rule, as for the code form.
            done = mfa.complete(mfaToken, null, null, body.credential().toString(), ClientInfo.of(http), () -> { });
        } catch (OAuthErrorException e) {
            if (MfaService.isWrongCode(e)) {
                throw e;
            }
            return Response.fromResponse(Response.status(400).entity(Map.of("error", "invalid_grant",
                    "error_description", "Your sign-in expired. Please sign in again.", "location", "/login")).build())
                    .cookie(MfaCookie.clear()).build();
        }
        RefreshTokenService.Issued issued = done.issued();
        return Response.ok(Map.of("location", returnUrls.resolve(body.returnTo())))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(sessions.issue(issued.response().refreshToken(), issued.absoluteExpiresAt()), MfaCookie.clear())
                .build();
    }

    private static void requireScriptCall(String csrf, String csrfHeader, String xrw) {
        if (xrw == null || xrw.isBlank() || csrf == null || csrfHeader == null || csrf.isEmpty()
                || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), csrfHeader.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(403, "cross-site-request", "Cross-site request refused",
                    "Reload the page and try again (the request lacked the page's CSRF token).");
        }
    }
}
