package dev.gatehouse.login;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.HostCookie;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.mfa.MfaCookie;
import dev.gatehouse.mfa.MfaRequiredException;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.session.ReturnUrls;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.social.SocialProvider;
import dev.gatehouse.social.SocialProviders;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hosted sign-in page: a password form and a button per configured provider. Plain HTML forms,
 * no script (strict CSP), a CSRF token bound to the browser by a {@code __Host-} cookie against
 * login CSRF. Messages are generic; after sign-in the browser goes to {@code return_to} when it is
 * allow-listed, with the session cookie, exactly like the social flow.
 */
@Path("/login")
@Tag(name = "hosted page")
public class HostedLoginResource {

    static final String CSRF_COOKIE = "__Host-gatehouse-csrf";
    static final String BAD_CREDENTIALS = "The e-mail address or password is incorrect.";
    static final String FORM_EXPIRED = "Your sign-in form expired. Please try again.";
    /** Shown instead of {@link #FORM_EXPIRED} when the issuer is plain HTTP on a public host (see {@link PublicUrls}). */
    static final String INSECURE_ORIGIN = "Signing in cannot work here: this page is served over plain HTTP, and your"
            + " browser refuses the secure cookies that signing in needs. The service must be served over HTTPS;"
            + " its operator sets GATEHOUSE_ISSUER to the https:// address.";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> SOCIAL_MESSAGES = Map.of(
            "account_exists", "An account with this e-mail address already exists. Sign in with your password first, then link the provider from your account.",
            "email_unverified", "The provider did not confirm an e-mail address, so no account could be set up with it.",
            "identity_taken", "That sign-in could not be linked to this account.",
            "provider_taken", "That sign-in could not be linked to this account.",
            "not_allowed", "Sign-in is not possible with this account.",
            "provider_error", "The sign-in provider did not complete the sign-in. Please try again.");

    static final String CODE_INCORRECT = "That code is not right. Please try again.";
    static final String STEP_EXPIRED = "Your sign-in expired. Please sign in again.";

    private final Template page;
    private final Template mfaPage;
    private final MfaService mfa;
    private final Template signedIn;
    private final LoginService login;
    private final SessionCookies sessions;
    private final ReturnUrls returnUrls;
    private final SocialProviders providers;
    private final String contentSecurityPolicy;
    private final boolean insecureOrigin;
    private final dev.gatehouse.oidc.AuthorizationService authorizations;

    public HostedLoginResource(@Location("login.html") Template page, @Location("signed-in.html") Template signedIn,
                               @Location("mfa.html") Template mfaPage, LoginService login, SessionCookies sessions,
                               ReturnUrls returnUrls, SocialProviders providers, PublicUrls urls, MfaService mfa,
                               dev.gatehouse.oidc.AuthorizationService authorizations) {
        this.authorizations = authorizations;
        this.page = page;
        this.mfaPage = mfaPage;
        this.mfa = mfa;
        this.signedIn = signedIn;
        this.login = login;
        this.sessions = sessions;
        this.returnUrls = returnUrls;
        this.providers = providers;
        this.insecureOrigin = urls.secureCookiesDropped();
        // form-action also covers the redirect after the POST, so it lists the allowed return origins.
        Set<String> formTargets = new LinkedHashSet<>(List.of("'self'"));
        formTargets.addAll(returnUrls.allowedOrigins());
        // img-src data: for the enrolment QR code (a PNG data URL); still no script at all.
        this.contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action "
                + String.join(" ", formTargets) + "; frame-ancestors 'none'; base-uri 'none'";
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted sign-in page")
    public Response show(@QueryParam("return_to") String returnTo, @QueryParam("error") String error,
                         @QueryParam("login_hint") String loginHint, @CookieParam(CSRF_COOKIE) String csrf) {
        String message = insecureOrigin ? INSECURE_ORIGIN
                : error == null ? null : SOCIAL_MESSAGES.getOrDefault(error, "Sign-in did not complete. Please try again.");
        // login_hint (OpenID Connect, from the authorization endpoint) pre-fills the e-mail field.
        String hint = loginHint != null && loginHint.length() <= 320 && !dev.gatehouse.common.Text.hasInvisibleOrControl(loginHint)
                ? loginHint : null;
        return render(200, returnTo, hint, message, csrf);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted page's password form")
    public Response submit(@FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("return_to") String returnTo, @FormParam("csrf") String csrfField,
                           @CookieParam(CSRF_COOKIE) String csrfCookie, @Context HttpServerRequest request) {
        if (!sameToken(csrfCookie, csrfField)) {
            // Over plain HTTP on a public host the browser dropped the CSRF cookie: say so, not "expired".
            return render(403, returnTo, username, insecureOrigin ? INSECURE_ORIGIN : FORM_EXPIRED, null);
        }
        RefreshTokenService.Issued issued;
        try {
            issued = login.login(username, password, null, RefreshTokenService.KIND_COOKIE, ClientInfo.of(request));
        } catch (MfaRequiredException e) {
            // The password passed; the code step follows, the pending sign-in in its cookie.
            MfaService.Enrollment enrollment;
            try {
                enrollment = e.pending().requirement() == MfaService.Requirement.ENROLL
                        ? mfa.startEnrollment(e.pending().mfaToken(), ClientInfo.of(request)) : null;
            } catch (RateLimitedException limited) {
                return tooMany(returnTo, username, csrfCookie, limited);
            }
            return Response.fromResponse(renderStep(200, enrollment, returnTo, null, csrfCookie))
                    .cookie(MfaCookie.issue(e.pending())).build();
        } catch (OAuthErrorException e) {
            return render(401, returnTo, username, BAD_CREDENTIALS, csrfCookie);
        } catch (RateLimitedException e) {
            return tooMany(returnTo, username, csrfCookie, e);
        }
        return signedInRedirect(issued, returnTo).build();
    }

    /** The code-step forms' common refusals: a CSRF token that does not match, or no pending sign-in; null to go on. */
    private Response refuseStep(String csrfCookie, String csrfField, String mfaToken, String returnTo) {
        if (!sameToken(csrfCookie, csrfField)) {
            return render(403, returnTo, null, insecureOrigin ? INSECURE_ORIGIN : FORM_EXPIRED, null);
        }
        if (mfaToken == null || mfaToken.isEmpty()) {
            return render(401, returnTo, null, STEP_EXPIRED, csrfCookie);
        }
        return null;
    }

    private Response tooMany(String returnTo, String username, String csrf, RateLimitedException e) {
        return Response.fromResponse(render(429, returnTo, username, "Too many attempts. Please wait a minute and try again.", csrf))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    /** To {@code return_to} (absolute: from the allow-list or the issuer) with the session cookie. */
    private Response.ResponseBuilder signedInRedirect(RefreshTokenService.Issued issued, String returnTo) {
        return Response.seeOther(URI.create(returnUrls.resolve(returnTo)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(sessions.issue(issued.response().refreshToken(), issued.absoluteExpiresAt()));
    }

    /** The code step (or, with {@code enrollment}, the enrolment a role requires). */
    private Response renderStep(int status, MfaService.Enrollment enrollment, String returnTo, String message, String csrf) {
        String token = csrf != null && csrf.length() >= 43 && csrf.length() <= 64 ? csrf : newToken();
        String allowedReturn = returnUrls.isAllowed(returnTo) ? returnTo : null;
        UriBuilder startOver = UriBuilder.fromPath("/login");
        if (allowedReturn != null) {
            startOver.queryParam("return_to", allowedReturn);
        }
        TemplateInstance html = mfaPage.data("csrf", token).data("returnTo", allowedReturn).data("message", message)
                .data("enroll", enrollment != null).data("codes", null).data("continueUrl", null)
                .data("qrCode", enrollment == null ? null : enrollment.qrCode())
                .data("secret", enrollment == null ? null : grouped(enrollment.secret()))
                .data("startOver", startOver.build().toString());
        Response.ResponseBuilder r = Response.status(status).entity(html.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                // passkeys (issue 16): the code step runs /assets/passkeys.js ("Use a passkey"), not the enrolment
                .header("Content-Security-Policy", csp(allowedReturn) + (enrollment == null ? "; script-src 'self'; connect-src 'self'" : ""))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!token.equals(csrf)) {
            r.cookie(HostCookie.of(CSRF_COOKIE, token, NewCookie.SameSite.STRICT));
        }
        return r.build();
    }

    @GET
    @Path("/mfa")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted code step of a sign-in waiting for its second factor (after a social sign-in)")
    public Response showStep(@QueryParam("return_to") String returnTo, @CookieParam(MfaCookie.NAME) String mfaToken,
                             @CookieParam(CSRF_COOKIE) String csrf, @Context HttpServerRequest request) {
        if (mfaToken == null || mfaToken.isEmpty()) {
            return render(200, returnTo, null, STEP_EXPIRED, csrf);
        }
        try {
            // An enrolment token shows the enrolment it allows; a verify token refuses that.
            return renderStep(200, mfa.startEnrollment(mfaToken, ClientInfo.of(request)), returnTo, null, csrf);
        } catch (OAuthErrorException notEnrolment) {
            return renderStep(200, null, returnTo, null, csrf);
        } catch (RateLimitedException e) {
            return tooMany(returnTo, null, csrf, e);
        }
    }

    @POST
    @Path("/mfa")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted code step's form: a TOTP or backup code finishes the sign-in")
    public Response submitStep(@FormParam("code") String code, @FormParam("return_to") String returnTo,
                               @FormParam("csrf") String csrfField, @CookieParam(CSRF_COOKIE) String csrfCookie,
                               @CookieParam(MfaCookie.NAME) String mfaToken, @Context HttpServerRequest request) {
        Response refused = refuseStep(csrfCookie, csrfField, mfaToken, returnTo);
        if (refused != null) {
            return refused;
        }
        String typed = code == null ? "" : code.strip();
        boolean totp = typed.length() == 6 && typed.chars().allMatch(c -> c >= '0' && c <= '9');
        MfaService.SignedIn done;
        try {
            // The CSRF token above is this page's login-CSRF rule (the API's is the custom header).
            done = mfa.complete(mfaToken, totp ? typed : null, totp ? null : typed, ClientInfo.of(request), () -> { });
        } catch (RateLimitedException e) {
            return Response.fromResponse(renderStep(429, null, returnTo, "Too many attempts. Please wait a minute and try again.", csrfCookie))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (OAuthErrorException e) {
            if (MfaService.isWrongCode(e)) {
                return renderStep(401, null, returnTo, CODE_INCORRECT, csrfCookie);
            }
            return Response.fromResponse(render(401, returnTo, null, STEP_EXPIRED, csrfCookie)).cookie(MfaCookie.clear()).build();
        }
        return signedInRedirect(done.issued(), returnTo).cookie(MfaCookie.clear()).build();
    }

    @POST
    @Path("/mfa/enroll")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted enrolment a role requires: the first code turns TOTP on, signs in and shows the backup codes once")
    public Response submitEnrollment(@FormParam("code") String code, @FormParam("return_to") String returnTo,
                                     @FormParam("csrf") String csrfField, @CookieParam(CSRF_COOKIE) String csrfCookie,
                                     @CookieParam(MfaCookie.NAME) String mfaToken, @Context HttpServerRequest request) {
        Response refused = refuseStep(csrfCookie, csrfField, mfaToken, returnTo);
        if (refused != null) {
            return refused;
        }
        MfaService.EnrolledSignIn done;
        try {
            done = mfa.finishEnrollment(mfaToken, code == null ? null : code.strip(), ClientInfo.of(request), () -> { });
        } catch (RateLimitedException e) {
            return tooMany(returnTo, null, csrfCookie, e);
        } catch (dev.gatehouse.common.ProblemException wrong) {
            // Wrong first code: the same enrolment again (the same secret, already scanned).
            try {
                return renderStep(401, mfa.startEnrollment(mfaToken, ClientInfo.of(request)), returnTo, CODE_INCORRECT, csrfCookie);
            } catch (OAuthErrorException gone) {
                return render(401, returnTo, null, STEP_EXPIRED, csrfCookie);
            } catch (RateLimitedException e) {
                return tooMany(returnTo, null, csrfCookie, e);
            }
        } catch (OAuthErrorException e) {
            return Response.fromResponse(render(401, returnTo, null, STEP_EXPIRED, csrfCookie)).cookie(MfaCookie.clear()).build();
        }
        RefreshTokenService.Issued issued = done.signedIn().issued();
        String html = mfaPage.data("codes", done.backupCodes()).data("continueUrl", returnUrls.resolve(returnTo))
                .data("enroll", false).data("csrf", "").data("returnTo", null).data("message", null)
                .data("startOver", "/login").render();
        return Response.ok(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(sessions.issue(issued.response().refreshToken(), issued.absoluteExpiresAt()), MfaCookie.clear())
                .build();
    }

    @GET
    @Path("/signed-in")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Where a browser lands after signing in when no return_to was given")
    public Response signedIn() {
        return Response.ok(signedIn.render()).header("Content-Security-Policy", contentSecurityPolicy)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Response render(int status, String returnTo, String username, String message, String csrf) {
        String token = csrf != null && csrf.length() >= 43 && csrf.length() <= 64 ? csrf : newToken();
        String allowedReturn = returnUrls.isAllowed(returnTo) ? returnTo : null;
        List<Map<String, String>> buttons = providers.enabled().stream().map(p -> Map.of(
                "id", p.id(), "label", p.label(), "url", socialUrl(p, allowedReturn))).toList();
        TemplateInstance html = page.data("csrf", token).data("returnTo", allowedReturn).data("username", username)
                .data("message", message).data("providers", buttons);
        Response.ResponseBuilder r = Response.status(status).entity(html.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                // passkeys (issue 16): the sign-in page alone runs /assets/passkeys.js and its calls to this origin
                .header("Content-Security-Policy", csp(allowedReturn) + "; script-src 'self'; connect-src 'self'")
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!token.equals(csrf)) {
            r.cookie(HostCookie.of(CSRF_COOKIE, token, NewCookie.SameSite.STRICT));
        }
        return r.build();
    }

    /**
     * The page's policy; when the page will return to a pending authorization request, form-action
     * also names the origin of the client's redirect URI (form-action covers the redirects after
     * the form's POST, which end there).
     */
    private String csp(String returnTo) {
        return authorizations.formTargetFor(returnTo)
                .map(origin -> contentSecurityPolicy.replace("form-action ", "form-action " + origin + " "))
                .orElse(contentSecurityPolicy);
    }

    /** The key in groups of four, as people type it into an app (apps ignore the spaces). */
    private static String grouped(String secret) {
        return String.join(" ", secret.split("(?<=\\G.{4})"));
    }

    private static String socialUrl(SocialProvider p, String returnTo) {
        UriBuilder b = UriBuilder.fromPath("/auth/social/" + p.id() + "/login");
        if (returnTo != null) {
            b.queryParam("return_to", returnTo);
        }
        return b.build().toString();
    }

    private static boolean sameToken(String cookie, String field) {
        return cookie != null && field != null && !cookie.isEmpty()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
