package dev.gatehouse.lifecycle;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.page.HostedPages;
import dev.gatehouse.page.ProblemTexts;
import dev.gatehouse.password.PasswordConfig;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.protection.RateLimiter;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;

/**
 * The hosted pages of the lifecycle: {@code /forgot} (ask for a reset link), {@code /reset} (choose
 * a new password with it, plus a code when MFA is on) and {@code /verify} (confirm an address). A
 * {@code GET} of a link only shows a form: the {@code POST} (CSRF double-submit, like every hosted
 * form) uses it, so a mail scanner that fetches the link uses nothing up (case 67). No script;
 * the token is never echoed anywhere but the hidden field of its own form.
 */
@Path("/")
@Tag(name = "hosted page")
public class LifecyclePageResource {

    private final HostedPages pages;
    private final Template forgot;
    private final Template forgotSent;
    private final Template reset;
    private final Template resetDone;
    private final Template invalid;
    private final Template verify;
    private final Template verifyDone;
    private final PasswordResetService resets;
    private final EmailVerificationService verification;
    private final RateLimiter limiter;
    private final LifecycleConfig config;
    private final ProblemTexts problems;
    private final int minLength;
    private final dev.gatehouse.token.RefreshTokenService refreshTokens;

    public LifecyclePageResource(HostedPages pages, @Location("forgot.html") Template forgot, @Location("forgot-sent.html") Template forgotSent,
                                 @Location("reset.html") Template reset, @Location("reset-done.html") Template resetDone,
                                 @Location("link-invalid.html") Template invalid, @Location("verify.html") Template verify,
                                 @Location("verify-done.html") Template verifyDone, PasswordResetService resets,
                                 EmailVerificationService verification, RateLimiter limiter, LifecycleConfig config,
                                 ProblemTexts problems, PasswordConfig passwords,
                                 dev.gatehouse.token.RefreshTokenService refreshTokens) {
        this.refreshTokens = refreshTokens;
        this.pages = pages;
        this.forgot = forgot;
        this.forgotSent = forgotSent;
        this.reset = reset;
        this.resetDone = resetDone;
        this.invalid = invalid;
        this.verify = verify;
        this.verifyDone = verifyDone;
        this.resets = resets;
        this.verification = verification;
        this.limiter = limiter;
        this.config = config;
        this.problems = problems;
        this.minLength = passwords.minLength();
    }

    // ---------------------------------------------------------------- /forgot

    @GET
    @Path("forgot")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted forgot-password page")
    public Response showForgot(@Context HttpHeaders headers) {
        return pages.begin(headers).render(200, forgot.data("email", null).data("message", null)).build();
    }

    @POST
    @Path("forgot")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The forgot-password form: the same answer whether or not an account has the address")
    public Response submitForgot(@FormParam("email") String email, @FormParam("csrf") String csrf, @Context HttpHeaders headers,
                                 @Context HttpServerRequest http) {
        HostedPages.Page p = pages.begin(headers);
        if (!p.csrfAccepted(csrf)) {
            return p.freshCsrf().render(403, forgot.data("email", email).data("message", p.msg().common_formExpired())).build();
        }
        try {
            resets.forgot(email, p.locale(), ClientInfo.of(http));
        } catch (RateLimitedException e) {
            return p.render(429, forgot.data("email", email).data("message", p.msg().common_tooMany()))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (ProblemException e) {
            return p.render(400, forgot.data("email", email).data("message", problems.of(p.msg(), e))).build();
        }
        return p.render(202, forgotSent.data("minutes", config.resetTtl().toMinutes()).data("hours", null).data("tooMany", false)).build();
    }

    // ---------------------------------------------------------------- /reset

    @GET
    @Path("reset")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted reset page of a mailed link: a form for the new password (uses nothing up)")
    public Response showReset(@QueryParam("token") String token, @Context HttpHeaders headers) {
        HostedPages.Page p = pages.begin(headers);
        Optional<PasswordResetService.LinkState> link = resets.inspect(token);
        if (link.isEmpty()) {
            return invalid(p, "/forgot", null);
        }
        return p.render(200, resetForm(token, link.get().mfa(), null)).build();
    }

    @POST
    @Path("reset")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The reset form: sets the new password (with a code when MFA is on) and ends every session")
    public Response submitReset(@FormParam("token") String token, @FormParam("new_password") String newPassword,
                                @FormParam("code") String code, @FormParam("csrf") String csrf, @Context HttpHeaders headers,
                                @Context HttpServerRequest http) {
        HostedPages.Page p = pages.begin(headers);
        Optional<PasswordResetService.LinkState> link = resets.inspect(token);
        if (link.isEmpty()) {
            return invalid(p, "/forgot", null);
        }
        if (!p.csrfAccepted(csrf)) {
            return p.freshCsrf().render(403, resetForm(token, link.get().mfa(), p.msg().common_formExpired())).build();
        }
        dev.gatehouse.mfa.TypedCode typed = dev.gatehouse.mfa.TypedCode.of(code);
        try {
            resets.reset(token, newPassword, typed.otp(), typed.backupCode(), ClientInfo.of(http));
        } catch (RateLimitedException e) {
            return p.render(429, resetForm(token, link.get().mfa(), p.msg().common_tooMany()))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (ProblemException e) {
            if ("token-invalid".equals(e.slug())) {
                return invalid(p, "/forgot", null);
            }
            return p.render(e.status() >= 400 && e.status() < 500 ? e.status() : 400,
                    resetForm(token, link.get().mfa(), problems.of(p.msg(), e))).build();
        }
        return p.render(200, resetDone.instance()).build();
    }

    private TemplateInstance resetForm(String token, boolean mfa, String message) {
        return reset.data("token", token).data("mfa", mfa).data("message", message).data("minLength", minLength);
    }

    // ---------------------------------------------------------------- /verify

    @GET
    @Path("verify")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted page of a verification link: confirm signed in, or with the account's password (a GET uses nothing up)")
    public Response showVerify(@QueryParam("token") String token, @Context HttpHeaders headers,
                               @jakarta.ws.rs.CookieParam(dev.gatehouse.session.SessionCookies.NAME) String session) {
        HostedPages.Page p = pages.begin(headers);
        Optional<EmailVerificationService.LinkState> link = verification.inspect(token);
        if (link.isEmpty()) {
            return invalid(p, "/account", null);
        }
        return p.render(200, verifyForm(token, link.get(), signedInAs(session), null)).build();
    }

    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirms the address of a verification (or e-mail change) link, signed in as its account or with its password")
    public Response submitVerify(@FormParam("token") String token, @FormParam("password") String password, @FormParam("code") String code,
                                 @FormParam("csrf") String csrf, @Context HttpHeaders headers,
                                 @jakarta.ws.rs.CookieParam(dev.gatehouse.session.SessionCookies.NAME) String session,
                                 @Context HttpServerRequest http) {
        HostedPages.Page p = pages.begin(headers);
        Optional<EmailVerificationService.LinkState> link = verification.inspect(token);
        if (link.isEmpty()) {
            return invalid(p, "/account", null);
        }
        java.util.UUID signedInAs = signedInAs(session);
        if (!p.csrfAccepted(csrf)) {
            return p.freshCsrf().render(403, verifyForm(token, link.get(), signedInAs, p.msg().common_formExpired())).build();
        }
        ClientInfo client = ClientInfo.of(http);
        EmailVerificationService.Verified done;
        try {
            limiter.require("lifecycle-redeem-address", client.limitKey(), config.redeemPerAddress());
            dev.gatehouse.mfa.TypedCode typed = dev.gatehouse.mfa.TypedCode.of(code);
            done = verification.verify(token, new EmailVerificationService.Confirmation(signedInAs, password, typed.otp(), typed.backupCode()),
                    client);
        } catch (RateLimitedException e) {
            return p.render(429, verifyForm(token, link.get(), signedInAs, p.msg().common_tooMany()))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (ProblemException e) {
            if (e.status() == 403) {
                // The link is untouched: the form again, with what was wrong.
                return p.render(403, verifyForm(token, link.get(), signedInAs, confirmationProblem(p, e))).build();
            }
            return invalid(p, "/account", "email-taken".equals(e.slug())
                    ? dev.gatehouse.common.Languages.bundle(LifecycleMessages.class, p.locale()).verify_taken() : null);
        }
        return p.render(200, verifyDone.data("email", done.email()).data("changed", done.changed())).build();
    }

    /** The account of the browser's session cookie, or null. */
    private java.util.UUID signedInAs(String session) {
        return refreshTokens.browserSession(session).map(dev.gatehouse.token.RefreshTokenService.BrowserSession::accountId).orElse(null);
    }

    /**
     * The confirm form: a button when the browser is signed in as the link's account
     * ({@code session}), else the account's password (and a code when it has an authenticator
     * app), or, for an account whose password cannot confirm, a way to sign in first.
     */
    private TemplateInstance verifyForm(String token, EmailVerificationService.LinkState link, java.util.UUID signedInAs, String message) {
        String mode = link.accountId().equals(signedInAs) ? "session" : link.passwordConfirms() ? "password" : "signin";
        return verify.data("token", token).data("mode", mode).data("code", link.codeNeeded()).data("change", link.change())
                .data("message", message);
    }

    private String confirmationProblem(HostedPages.Page p, ProblemException e) {
        if ("confirmation-required".equals(e.slug())) {
            return p.msg().problem_passwordMissing();
        }
        if ("current-password-wrong".equals(e.slug())) {
            return dev.gatehouse.common.Languages.bundle(LifecycleMessages.class, p.locale()).verify_passwordWrong();
        }
        return problems.of(p.msg(), e);
    }

    @POST
    @Path("verify/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Mails a new verification link (offered by the sign-in page); the same answer for every address")
    public Response resend(@FormParam("email") String email, @FormParam("csrf") String csrf, @Context HttpHeaders headers,
                           @Context HttpServerRequest http) {
        HostedPages.Page p = pages.begin(headers);
        if (!p.csrfAccepted(csrf)) {
            return invalid(p.freshCsrf(), "/login", p.msg().common_formExpired());
        }
        try {
            verification.requestResend(email, p.locale(), ClientInfo.of(http));
        } catch (RateLimitedException e) {
            return p.render(429, forgotSent.data("minutes", 0).data("hours", config.verificationTtl().toHours()).data("tooMany", true))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (ProblemException e) {
            return invalid(p, "/login", problems.of(p.msg(), e));
        }
        return p.render(202, forgotSent.data("minutes", 0).data("hours", config.verificationTtl().toHours()).data("tooMany", false)).build();
    }

    private Response invalid(HostedPages.Page p, String askAgainUrl, String message) {
        return p.render(400, invalid.data("askAgainUrl", askAgainUrl).data("message", message)).build();
    }
}
