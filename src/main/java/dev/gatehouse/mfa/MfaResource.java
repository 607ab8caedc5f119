package dev.gatehouse.mfa;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.TokenResponse;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Self-service TOTP and backup codes (bearer token of the account), and the MFA step of a sign-in
 * ({@code mfa_token}, no bearer token). Answers that hold a secret or codes are {@code no-store}.
 */
@Path("/auth/mfa")
@Tag(name = "mfa")
@Produces(MediaType.APPLICATION_JSON)
public class MfaResource {

    private final MfaService mfa;
    private final SecurityIdentity identity;
    private final SessionCookies cookies;

    private final dev.gatehouse.session.RecentSignIn recentSignIn;

    public MfaResource(MfaService mfa, SecurityIdentity identity, SessionCookies cookies,
                       dev.gatehouse.session.RecentSignIn recentSignIn) {
        this.recentSignIn = recentSignIn;
        this.mfa = mfa;
        this.identity = identity;
        this.cookies = cookies;
    }

    /** Body of confirm: the first code of the authenticator app. */
    public record ConfirmRequest(String code) {
    }

    /** Body of the actions that need a fresh second factor: one of a TOTP code or a backup code. */
    public record FreshFactor(String otp, String backupCode) {
    }

    @POST
    @Path("/totp")
    @Authenticated
    @SecurityRequirement(name = "password")
    @Operation(summary = "Start TOTP enrolment: the secret, its otpauth:// URI and a QR code (PNG data URL)")
    public Response start(@Context HttpServerRequest request) {
        JsonWebToken jwt = caller();
        UUID account = accountId(jwt);
        // A stolen access token of an old session must not enrol the thief's app (docs/mfa.md).
        recentSignIn.require(jwt, "Turning on two-factor sign-in");
        MfaService.Enrollment enrollment = mfa.startEnrollment(account, mfa.label(account), ClientInfo.of(request));
        return noStore(Response.ok(enrollment)).build();
    }

    @POST
    @Path("/totp/confirm")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "password")
    @Operation(summary = "Confirm enrolment with the first code: turns TOTP on and answers ten backup codes, shown this once")
    public Response confirm(ConfirmRequest body, @Context HttpServerRequest request) {
        if (body == null || body.code() == null) {
            throw ProblemException.invalid("code_missing", "A JSON body with the code is required.");
        }
        List<String> codes = mfa.confirmEnrollment(accountId(caller()), body.code().trim(), ClientInfo.of(request));
        return noStore(Response.ok(Map.of("backupCodes", codes))).build();
    }

    @DELETE
    @Path("/totp")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "password")
    @Operation(summary = "Turn TOTP off (needs a fresh TOTP or backup code); the backup codes go with it")
    public Response disable(FreshFactor body, @Context HttpServerRequest request) {
        FreshFactor f = body == null ? new FreshFactor(null, null) : body;
        mfa.disable(accountId(caller()), f.otp(), f.backupCode(), ClientInfo.of(request));
        return Response.noContent().build();
    }

    @POST
    @Path("/backup-codes")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "password")
    @Operation(summary = "A new set of backup codes (needs a fresh TOTP or backup code); the old set stops working")
    public Response regenerate(FreshFactor body, @Context HttpServerRequest request) {
        FreshFactor f = body == null ? new FreshFactor(null, null) : body;
        List<String> codes = mfa.regenerateBackupCodes(accountId(caller()), f.otp(), f.backupCode(), ClientInfo.of(request));
        return noStore(Response.ok(Map.of("backupCodes", codes))).build();
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "The MFA step of a sign-in: the mfa_token and a TOTP code (otp), a backup code (backup_code) or a passkey"
            + " assertion (passkey: the PublicKeyCredential as JSON, options from POST /auth/passkeys/mfa/options) → the token response")
    public Response verify(@FormParam("mfa_token") String mfaToken, @FormParam("otp") String otp,
                           @FormParam("backup_code") String backupCode, @FormParam("passkey") String passkey,
                           @Context HttpServerRequest request, @Context HttpHeaders headers) {
        MfaService.SignedIn done = mfa.complete(mfaToken, otp, backupCode, passkey, ClientInfo.of(request), () -> cookies.requireSameSite(headers));
        return tokens(done, null);
    }

    @POST
    @Path("/enroll")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Enrolment required by the account's role: start it with the mfa_token of mfa_enrollment_required")
    public Response enroll(@FormParam("mfa_token") String mfaToken, @Context HttpServerRequest request) {
        return noStore(Response.ok(mfa.startEnrollment(mfaToken, ClientInfo.of(request)))).build();
    }

    @POST
    @Path("/enroll/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Finish a required enrolment with the first code: the token response plus backup_codes, shown this once")
    public Response enrollConfirm(@FormParam("mfa_token") String mfaToken, @FormParam("otp") String otp,
                                  @Context HttpServerRequest request, @Context HttpHeaders headers) {
        MfaService.EnrolledSignIn done = mfa.finishEnrollment(mfaToken, otp, ClientInfo.of(request), () -> cookies.requireSameSite(headers));
        return tokens(done.signedIn(), done.backupCodes());
    }

    /** The token response of {@code POST /auth/login}: for a {@code session=cookie} sign-in, the refresh token in the cookie. */
    private Response tokens(MfaService.SignedIn done, List<String> backupCodes) {
        boolean browser = RefreshTokenService.KIND_COOKIE.equals(done.kind());
        RefreshTokenService.Issued issued = done.issued();
        TokenResponse pair = issued.response();
        Object body = browser ? pair.withoutRefreshToken() : pair;
        if (backupCodes != null) {
            Map<String, Object> withCodes = new LinkedHashMap<>(asMap(browser ? pair.withoutRefreshToken() : pair));
            withCodes.put("backup_codes", backupCodes);
            body = withCodes;
        }
        Response.ResponseBuilder r = noStore(Response.ok(body));
        if (browser) {
            r.cookie(cookies.issue(pair.refreshToken(), issued.absoluteExpiresAt()));
        }
        return r.build();
    }

    private static Map<String, Object> asMap(TokenResponse t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", t.accessToken());
        m.put("token_type", t.tokenType());
        m.put("expires_in", t.expiresIn());
        if (t.refreshToken() != null) {
            m.put("refresh_token", t.refreshToken());
        }
        m.put("scope", t.scope());
        return m;
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder r) {
        return r.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }

    private JsonWebToken caller() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return jwt;
        }
        throw new ProblemException(403, "forbidden", "Forbidden", "Only the account's own sign-in may manage its second factors.");
    }

    /** The account of an access token; tokens of service clients (no account) are refused. */
    private static UUID accountId(JsonWebToken jwt) {
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an account's own sign-in may manage its second factors.");
        }
    }
}
