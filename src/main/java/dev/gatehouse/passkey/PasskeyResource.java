package dev.gatehouse.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.HostCookie;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.session.RecentSignIn;
import dev.gatehouse.session.ReturnUrls;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.TokenResponse;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
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
 * {@code /auth/passkeys}: the caller's passkeys (bearer token of a sign-in; registration needs a
 * fresh one), passwordless sign-in (no token; the answer is the token response, or for
 * {@code session: "cookie"} the session cookie), and the passkey options of the MFA step.
 */
@Path("/auth/passkeys")
@Tag(name = "passkeys")
@Produces(MediaType.APPLICATION_JSON)
public class PasskeyResource {

    /** Binds a hosted-page sign-in ceremony to the browser that asked for it. */
    public static final String BROWSER_COOKIE = "__Host-gatehouse-passkey";

    private final PasskeyService passkeys;
    private final SecurityIdentity identity;
    private final RefreshTokenService sessions;
    private final SessionCookies cookies;
    private final ReturnUrls returnUrls;
    private final WebAuthnConfig config;
    private final MfaService mfa;
    private final RecentSignIn recentSignIn;

    public PasskeyResource(PasskeyService passkeys, SecurityIdentity identity, RefreshTokenService sessions, SessionCookies cookies,
                           ReturnUrls returnUrls, WebAuthnConfig config, MfaService mfa, RecentSignIn recentSignIn) {
        this.passkeys = passkeys;
        this.identity = identity;
        this.sessions = sessions;
        this.cookies = cookies;
        this.returnUrls = returnUrls;
        this.config = config;
        this.mfa = mfa;
        this.recentSignIn = recentSignIn;
    }

    /** Body of a registration's finish: the handle of its options, a name, and the browser's {@code PublicKeyCredential} as JSON. */
    public record RegisterRequest(String ceremony, String name, JsonNode credential) {
    }

    /** Body of a sign-in's finish ({@code session: "cookie"} for a browser session; {@code return_to} for the hosted page). */
    public record SignInRequest(String ceremony, JsonNode credential, String scope, String session,
                                @com.fasterxml.jackson.annotation.JsonProperty("return_to") String returnTo) {
    }

    /** Body of a sign-in's options. */
    public record SignInOptionsRequest(String session) {
    }

    /** Body of a rename. */
    public record RenameRequest(String name) {
    }

    // ---------------------------------------------------------------- the caller's passkeys

    @GET
    @Authenticated
    @SecurityRequirement(name = "password")
    @Operation(summary = "The caller's passkeys (never their keys)")
    public List<PasskeyService.PasskeyView> list() {
        return passkeys.list(caller());
    }

    @POST
    @Path("/register/options")
    @Authenticated
    @SecurityRequirement(name = "password")
    @Operation(summary = "Start registering a passkey (needs a fresh sign-in): the ceremony handle and the options for navigator.credentials.create")
    public Response registerOptions(@Context HttpServerRequest http) {
        UUID account = caller();
        UUID sid = recentSession(account);
        return noStore(Response.ok(passkeys.startRegistration(account, sid, ClientInfo.of(http)))).build();
    }

    @POST
    @Path("/register")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "password")
    @Operation(summary = "Finish registering: {ceremony, name, credential} → 201 the passkey")
    public Response register(RegisterRequest body, @Context HttpServerRequest http) {
        if (body == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        UUID account = caller();
        UUID sid = recentSession(account);
        PasskeyService.PasskeyView v = passkeys.finishRegistration(account, sid, body.ceremony(), body.name(),
                body.credential() == null || !body.credential().isObject() ? null : body.credential().toString(), ClientInfo.of(http));
        return Response.status(201).entity(v).build();
    }

    @PUT
    @Path("/{id}")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "password")
    @Operation(summary = "Rename one of the caller's passkeys")
    public PasskeyService.PasskeyView rename(@PathParam("id") String id, RenameRequest body) {
        return passkeys.rename(caller(), passkeyId(id), body == null ? null : body.name());
    }

    @DELETE
    @Path("/{id}")
    @Authenticated
    @SecurityRequirement(name = "password")
    @Operation(summary = "Remove one of the caller's passkeys (409 when it is the last way to sign in)")
    public Response remove(@PathParam("id") String id, @Context HttpServerRequest http) {
        passkeys.remove(caller(), passkeyId(id), ClientInfo.of(http), null, true);
        return Response.noContent().build();
    }

    // ---------------------------------------------------------------- passwordless sign-in

    @POST
    @Path("/login/options")
    @Operation(summary = "Start a passwordless sign-in: the ceremony handle and the options for navigator.credentials.get"
            + " (with {session: \"cookie\"}: bound to this browser by a cookie)")
    public Response signInOptions(SignInOptionsRequest body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        boolean browser = body != null && "cookie".equals(body.session());
        if (browser) {
            cookies.requireSameSite(headers);
        }
        String binding = browser ? passkeys.newBrowserBinding() : null;
        PasskeyService.Options options = passkeys.startSignIn(binding, ClientInfo.of(http));
        Response.ResponseBuilder r = noStore(Response.ok(options));
        if (browser) {
            r.cookie(HostCookie.of(BROWSER_COOKIE, binding, (int) config.challengeLifetime().toSeconds() + 5, NewCookie.SameSite.STRICT));
        }
        return r.build();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Finish a passwordless sign-in: {ceremony, credential, scope?, session?} → the token response"
            + " (amr hwk or swk, user, mfa); with session \"cookie\", the session cookie and {location}")
    public Response signIn(SignInRequest body, @CookieParam(BROWSER_COOKIE) String browserCookie, @Context HttpHeaders headers,
                           @Context HttpServerRequest http) {
        if (body == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        boolean browser = "cookie".equals(body.session());
        if (browser) {
            cookies.requireSameSite(headers);
        }
        PasskeyService.SignedIn done = passkeys.finishSignIn(body.ceremony(), browserCookie,
                body.credential() == null || !body.credential().isObject() ? null : body.credential().toString(), body.scope(),
                browser ? RefreshTokenService.KIND_COOKIE : RefreshTokenService.KIND_TOKEN, ClientInfo.of(http));
        TokenResponse pair = done.issued().response();
        if (!browser) {
            return noStore(Response.ok(pair)).build();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", pair.accessToken());
        answer.put("token_type", pair.tokenType());
        answer.put("expires_in", pair.expiresIn());
        answer.put("scope", pair.scope());
        answer.put("location", returnUrls.resolve(body.returnTo()));
        return noStore(Response.ok(answer))
                .cookie(cookies.issue(pair.refreshToken(), done.issued().absoluteExpiresAt()),
                        HostCookie.of(BROWSER_COOKIE, "", 0, NewCookie.SameSite.STRICT))
                .build();
    }

    // ---------------------------------------------------------------- the MFA step

    @POST
    @Path("/mfa/options")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "The MFA step by passkey: form mfa_token → options for navigator.credentials.get; then POST /auth/mfa/verify"
            + " with mfa_token and passkey (the PublicKeyCredential as JSON)")
    public Response mfaOptions(@FormParam("mfa_token") String mfaToken, @Context HttpServerRequest http) {
        MfaService.PendingStep step = mfa.pendingStep(mfaToken);
        return noStore(Response.ok(passkeys.startSecondFactor(step.accountId(), step.tokenHash(), ClientInfo.of(http)).publicKey())).build();
    }

    // ---------------------------------------------------------------- internals

    /** The caller's session when it signed in within {@link WebAuthnConfig#registerWithin()}; 403 otherwise. */
    private UUID recentSession(UUID account) {
        JsonWebToken jwt = identity.getPrincipal() instanceof JsonWebToken t && account.toString().equals(t.getSubject()) ? t : null;
        return recentSignIn.requireSession(jwt, config.registerWithin(), "Registering a passkey");
    }

    private UUID caller() {
        try {
            return UUID.fromString(identity.getPrincipal().getName());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an account's own sign-in may manage its passkeys.");
        }
    }

    static UUID passkeyId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "passkey-not-found", "No such passkey", "The account has no passkey with this id.");
        }
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder r) {
        return r.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }
}
