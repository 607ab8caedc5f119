package dev.gatehouse.login;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.account.RegistrationConfig;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.mfa.MfaCookie;
import dev.gatehouse.page.Csrf;
import dev.gatehouse.page.HostedPages;
import dev.gatehouse.page.Messages;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The hosted sign-in page: a password form and a button per configured provider. Plain HTML forms,
 * no script (strict CSP), a CSRF token bound to the browser by a {@code __Host-} cookie against
 * login CSRF. Messages are generic; after sign-in the browser goes to {@code return_to} when it is
 * allow-listed, with the session cookie, exactly like the social flow.
 */
@Path("/login")
@Tag(name = "hosted page")
public class HostedLoginResource {

    static final String CSRF_COOKIE = Csrf.COOKIE;

    private final Template page;
    private final Template mfaPage;
    private final MfaService mfa;
    private final Template signedIn;
    private final LoginService login;
    private final SessionCookies sessions;
    private final ReturnUrls returnUrls;
    private final SocialProviders providers;
    private final HostedPages pages;
    private final boolean registration;
    private final boolean insecureOrigin;
    private final dev.gatehouse.oidc.AuthorizationService authorizations;

    public HostedLoginResource(@Location("login.html") Template page, @Location("signed-in.html") Template signedIn,
                               @Location("mfa.html") Template mfaPage, LoginService login, SessionCookies sessions,
                               ReturnUrls returnUrls, SocialProviders providers, PublicUrls urls, MfaService mfa,
                               dev.gatehouse.oidc.AuthorizationService authorizations, HostedPages pages,
                               RegistrationConfig registration) {
        this.pages = pages;
        this.registration = registration.enabled();
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
    }

    /** The text for a social sign-in's {@code error} code. */
    private static String socialMessage(Messages msg, String error) {
        return switch (error) {
            case "account_exists" -> msg.login_social_accountExists();
            case "email_unverified" -> msg.login_social_emailUnverified();
            case "identity_taken", "provider_taken" -> msg.login_social_notLinked();
            case "not_allowed" -> msg.login_social_notAllowed();
            case "provider_error" -> msg.login_social_providerError();
            default -> msg.login_social_failed();
        };
    }

    /** Over plain HTTP on a public host the browser dropped the CSRF cookie: say so, not "expired". */
    private String refusedForm(HostedPages.Page p) {
        return insecureOrigin ? p.msg().login_insecureOrigin() : p.msg().login_formExpired();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted sign-in page")
    public Response show(@QueryParam("return_to") String returnTo, @QueryParam("error") String error,
                         @QueryParam("login_hint") String loginHint, @Context HttpHeaders headers) {
        HostedPages.Page p = pages.begin(headers);
        String message = insecureOrigin ? p.msg().login_insecureOrigin() : error == null ? null : socialMessage(p.msg(), error);
        // login_hint (OpenID Connect, from the authorization endpoint) pre-fills the e-mail field.
        String hint = loginHint != null && loginHint.length() <= 320 && !dev.gatehouse.common.Text.hasInvisibleOrControl(loginHint)
                ? loginHint : null;
        return render(p, 200, returnTo, hint, message);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted page's password form")
    public Response submit(@FormParam("username") String username, @FormParam("password") String password,
                           @FormParam("return_to") String returnTo, @FormParam("csrf") String csrfField,
                           @Context HttpHeaders headers, @Context HttpServerRequest request) {
        HostedPages.Page p = pages.begin(headers);
        if (!p.csrfAccepted(csrfField)) {
            return render(p.freshCsrf(), 403, returnTo, username, refusedForm(p));
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
                return tooMany(p, returnTo, username, limited);
            }
            return Response.fromResponse(renderStep(p, 200, enrollment, returnTo, null))
                    .cookie(MfaCookie.issue(e.pending())).build();
        } catch (OAuthErrorException e) {
            if (LoginService.EMAIL_NOT_VERIFIED.equals(e.error())) {
                // The password was right (GATEHOUSE_REQUIRE_VERIFIED_EMAIL): offer a new link.
                return render(p, 403, returnTo, username, dev.gatehouse.common.Languages.bundle(dev.gatehouse.lifecycle.LifecycleMessages.class, p.locale()).login_notVerified(), username);
            }
            return render(p, 401, returnTo, username, p.msg().login_badCredentials());
        } catch (RateLimitedException e) {
            return tooMany(p, returnTo, username, e);
        }
        return signedInRedirect(issued, returnTo).build();
    }

    /** The code-step forms' common refusals: a CSRF token that does not match, or no pending sign-in; null to go on. */
    private Response refuseStep(HostedPages.Page p, String csrfField, String mfaToken, String returnTo) {
        if (!p.csrfAccepted(csrfField)) {
            return render(p.freshCsrf(), 403, returnTo, null, refusedForm(p));
        }
        if (mfaToken == null || mfaToken.isEmpty()) {
            return render(p, 401, returnTo, null, p.msg().login_stepExpired());
        }
        return null;
    }

    private Response tooMany(HostedPages.Page p, String returnTo, String username, RateLimitedException e) {
        return Response.fromResponse(render(p, 429, returnTo, username, p.msg().common_tooMany()))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    /** To {@code return_to} (absolute: from the allow-list or the issuer) with the session cookie. */
    private Response.ResponseBuilder signedInRedirect(RefreshTokenService.Issued issued, String returnTo) {
        return Response.seeOther(URI.create(returnUrls.resolve(returnTo)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(sessions.issue(issued.response().refreshToken(), issued.absoluteExpiresAt()));
    }

    /** The code step (or, with {@code enrollment}, the enrolment a role requires). */
    private Response renderStep(HostedPages.Page p, int status, MfaService.Enrollment enrollment, String returnTo, String message) {
        String allowedReturn = returnUrls.isAllowed(returnTo) ? returnTo : null;
        UriBuilder startOver = UriBuilder.fromPath("/login");
        if (allowedReturn != null) {
            startOver.queryParam("return_to", allowedReturn);
        }
        TemplateInstance html = mfaPage.data("returnTo", allowedReturn).data("message", message)
                .data("enroll", enrollment != null).data("codes", null).data("continueUrl", null)
                .data("qrCode", enrollment == null ? null : enrollment.qrCode())
                .data("secret", enrollment == null ? null : grouped(enrollment.secret()))
                .data("startOver", startOver.build().toString());
        // passkeys (issue 16): the code step runs /assets/passkeys.js ("Use a passkey"), not the enrolment
        if (enrollment == null) {
            p.allowOwnScripts();
        }
        return formTarget(p, allowedReturn).render(status, html).build();
    }

    @GET
    @Path("/mfa")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted code step of a sign-in waiting for its second factor (after a social sign-in)")
    public Response showStep(@QueryParam("return_to") String returnTo, @CookieParam(MfaCookie.NAME) String mfaToken,
                             @Context HttpHeaders headers, @Context HttpServerRequest request) {
        HostedPages.Page p = pages.begin(headers);
        if (mfaToken == null || mfaToken.isEmpty()) {
            return render(p, 200, returnTo, null, p.msg().login_stepExpired());
        }
        try {
            // An enrolment token shows the enrolment it allows; a verify token refuses that.
            return renderStep(p, 200, mfa.startEnrollment(mfaToken, ClientInfo.of(request)), returnTo, null);
        } catch (OAuthErrorException notEnrolment) {
            return renderStep(p, 200, null, returnTo, null);
        } catch (RateLimitedException e) {
            return tooMany(p, returnTo, null, e);
        }
    }

    @POST
    @Path("/mfa")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted code step's form: a TOTP or backup code finishes the sign-in")
    public Response submitStep(@FormParam("code") String code, @FormParam("return_to") String returnTo,
                               @FormParam("csrf") String csrfField, @Context HttpHeaders headers,
                               @CookieParam(MfaCookie.NAME) String mfaToken, @Context HttpServerRequest request) {
        HostedPages.Page p = pages.begin(headers);
        Response refused = refuseStep(p, csrfField, mfaToken, returnTo);
        if (refused != null) {
            return refused;
        }
        dev.gatehouse.mfa.TypedCode typed = dev.gatehouse.mfa.TypedCode.of(code);
        MfaService.SignedIn done;
        try {
            // The CSRF token above is this page's login-CSRF rule (the API's is the custom header).
            done = mfa.complete(mfaToken, typed.otp(), typed.backupCode(), ClientInfo.of(request), () -> { });
        } catch (RateLimitedException e) {
            return Response.fromResponse(renderStep(p, 429, null, returnTo, p.msg().common_tooMany()))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (OAuthErrorException e) {
            if (MfaService.isWrongCode(e)) {
                return renderStep(p, 401, null, returnTo, p.msg().login_codeIncorrect());
            }
            return Response.fromResponse(render(p, 401, returnTo, null, p.msg().login_stepExpired())).cookie(MfaCookie.clear()).build();
        }
        return signedInRedirect(done.issued(), returnTo).cookie(MfaCookie.clear()).build();
    }

    @POST
    @Path("/mfa/enroll")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted enrolment a role requires: the first code turns TOTP on, signs in and shows the backup codes once")
    public Response submitEnrollment(@FormParam("code") String code, @FormParam("return_to") String returnTo,
                                     @FormParam("csrf") String csrfField, @Context HttpHeaders headers,
                                     @CookieParam(MfaCookie.NAME) String mfaToken, @Context HttpServerRequest request) {
        HostedPages.Page p = pages.begin(headers);
        Response refused = refuseStep(p, csrfField, mfaToken, returnTo);
        if (refused != null) {
            return refused;
        }
        MfaService.EnrolledSignIn done;
        try {
            done = mfa.finishEnrollment(mfaToken, code == null ? null : code.strip(), ClientInfo.of(request), () -> { });
        } catch (RateLimitedException e) {
            return tooMany(p, returnTo, null, e);
        } catch (dev.gatehouse.common.ProblemException wrong) {
            // Wrong first code: the same enrolment again (the same secret, already scanned).
            try {
                return renderStep(p, 401, mfa.startEnrollment(mfaToken, ClientInfo.of(request)), returnTo, p.msg().login_codeIncorrect());
            } catch (OAuthErrorException gone) {
                return render(p, 401, returnTo, null, p.msg().login_stepExpired());
            } catch (RateLimitedException e) {
                return tooMany(p, returnTo, null, e);
            }
        } catch (OAuthErrorException e) {
            return Response.fromResponse(render(p, 401, returnTo, null, p.msg().login_stepExpired())).cookie(MfaCookie.clear()).build();
        }
        RefreshTokenService.Issued issued = done.signedIn().issued();
        TemplateInstance html = mfaPage.data("codes", done.backupCodes()).data("continueUrl", returnUrls.resolve(returnTo))
                .data("enroll", false).data("returnTo", null).data("message", null)
                .data("startOver", "/login");
        return p.render(200, html)
                .cookie(sessions.issue(issued.response().refreshToken(), issued.absoluteExpiresAt()), MfaCookie.clear())
                .build();
    }

    @GET
    @Path("/signed-in")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Where a browser lands after signing in when no return_to was given")
    public Response signedIn(@Context HttpHeaders headers) {
        return pages.begin(headers).render(200, signedIn.instance()).build();
    }

    private Response render(HostedPages.Page p, int status, String returnTo, String username, String message) {
        return render(p, status, returnTo, username, message, null);
    }

    /** With {@code resendFor}, the page offers a new verification link for that address. */
    private Response render(HostedPages.Page p, int status, String returnTo, String username, String message, String resendFor) {
        String allowedReturn = returnUrls.isAllowed(returnTo) ? returnTo : null;
        List<Map<String, String>> buttons = providers.enabled().stream().map(sp -> Map.of(
                "id", sp.id(), "label", sp.label(), "url", socialUrl(sp, allowedReturn))).toList();
        TemplateInstance html = page.data("returnTo", allowedReturn).data("username", username)
                .data("message", message).data("providers", buttons).data("resendFor", resendFor)
                .data("signupUrl", registration ? signupUrl(allowedReturn) : null);
        // passkeys (issue 16): the sign-in page runs /assets/passkeys.js and its calls to this origin
        return formTarget(p, allowedReturn).allowOwnScripts().render(status, html).build();
    }

    private static String signupUrl(String returnTo) {
        UriBuilder b = UriBuilder.fromPath("/signup");
        if (returnTo != null) {
            b.queryParam("return_to", returnTo);
        }
        return b.build().toString();
    }

    /**
     * When the page will return to a pending authorization request, form-action also names the
     * origin of the client's redirect URI (form-action covers the redirects after the form's POST,
     * which end there).
     */
    private HostedPages.Page formTarget(HostedPages.Page p, String returnTo) {
        return p.allowFormTarget(authorizations.formTargetFor(returnTo).orElse(null));
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

}
