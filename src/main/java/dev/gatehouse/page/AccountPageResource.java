package dev.gatehouse.page;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.AccountView;
import dev.gatehouse.apikey.ApiKeyConfig;
import dev.gatehouse.apikey.ApiKeyService;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.login.PasswordChangeService;
import dev.gatehouse.mfa.MfaService;
import dev.gatehouse.mfa.TypedCode;
import dev.gatehouse.password.PasswordConfig;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.session.RecentSignIn;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.session.SessionService;
import dev.gatehouse.social.SocialFlowCookies;
import dev.gatehouse.social.SocialLoginService;
import dev.gatehouse.social.SocialProvider;
import dev.gatehouse.social.SocialProviders;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The hosted account page. The browser session cookie says who it is (no session: to
 * {@code /login?return_to=<issuer>/account}); every change is a form POST with the page's CSRF token,
 * handled by the owning capability's service exactly as its API does: password change
 * ({@link PasswordChangeService}: current password, and a code with MFA on), sessions
 * ({@link SessionService}), linked identities ({@link SocialLoginService}; unlinking the last way
 * to sign in is refused there), TOTP and backup codes ({@link MfaService}), API keys
 * ({@link ApiKeyService}). Turning TOTP on and linking a provider need a recent sign-in
 * ({@link RecentSignIn}); linking answers a page that moves on to the provider by itself (a redirect
 * after a form POST would need the provider in the CSP's {@code form-action}); creating an API key needs one within {@code GATEHOUSE_API_KEY_CREATE_WITHIN},
 * the API's rule. After a change the browser is sent back to {@code /account?done=…}, which shows
 * a fixed notice (nothing from the request is reflected).
 */
@Path("/account")
@Tag(name = "hosted page")
public class AccountPageResource {

    private static final Map<String, String> NOTICES = Map.of(
            "password", "password", "session", "session", "unlinked", "unlinked", "mfa-off", "mfa-off",
            "mfa-on", "mfa-on", "key-revoked", "key-revoked", "email-change-sent", "email-change-sent",
            "verification-sent", "verification-sent");

    private final HostedPages pages;
    private final Template account;
    private final Template secret;
    private final Template continuePage;
    private final RefreshTokenService refreshTokens;
    private final AccountService accounts;
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final PasswordChangeService passwords;
    private final dev.gatehouse.lifecycle.EmailChangeService emailChanges;
    private final dev.gatehouse.lifecycle.EmailVerificationService verification;
    private final MfaService mfa;
    private final SocialLoginService social;
    private final SocialProviders providers;
    private final SocialFlowCookies flows;
    private final ApiKeyService apiKeys;
    private final ApiKeyConfig apiKeyConfig;
    private final RecentSignIn recentSignIn;
    private final ProblemTexts problems;
    private final GatehouseConfig config;
    private final Clock clock;
    private final int minLength;
    private final String accountUrl;
    private final String issuer;

    public AccountPageResource(HostedPages pages, @Location("account.html") Template account, @Location("account-secret.html") Template secret,
                               @Location("account-continue.html") Template continuePage,
                               RefreshTokenService refreshTokens, AccountService accounts, SessionService sessions, SessionCookies cookies,
                               PasswordChangeService passwords, MfaService mfa, SocialLoginService social, SocialProviders providers,
                               SocialFlowCookies flows, ApiKeyService apiKeys, ApiKeyConfig apiKeyConfig, RecentSignIn recentSignIn,
                               ProblemTexts problems, GatehouseConfig config, Clock clock, PasswordConfig passwordConfig, PublicUrls urls,
                               dev.gatehouse.lifecycle.EmailChangeService emailChanges,
                               dev.gatehouse.lifecycle.EmailVerificationService verification) {
        this.emailChanges = emailChanges;
        this.verification = verification;
        this.pages = pages;
        this.account = account;
        this.secret = secret;
        this.continuePage = continuePage;
        this.refreshTokens = refreshTokens;
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
        this.passwords = passwords;
        this.mfa = mfa;
        this.social = social;
        this.providers = providers;
        this.flows = flows;
        this.apiKeys = apiKeys;
        this.apiKeyConfig = apiKeyConfig;
        this.recentSignIn = recentSignIn;
        this.problems = problems;
        this.config = config;
        this.clock = clock;
        this.minLength = passwordConfig.minLength();
        this.accountUrl = urls.absolute("/account").toString();
        this.issuer = urls.issuer();
    }

    /** The person of the browser session: its family and sign-in time, and the active account. */
    private record Who(UUID accountId, UUID sessionId, Instant signedInAt) {
    }

    private Optional<Who> who(String cookie) {
        Optional<RefreshTokenService.BrowserSession> s = refreshTokens.browserSession(cookie);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        RefreshTokenService.BrowserSession session = s.get();
        Optional<AccountService.Credentials> c = accounts.credentials(session.accountId()).filter(AccountService.Credentials::active);
        if (c.isEmpty() || (mfa.requiresSecondFactor(c.get().roles()) && !MfaService.isMultiFactor(session.amr()))) {
            // A disabled account, or a session without the second factor its role now requires: sign in again.
            return Optional.empty();
        }
        return Optional.of(new Who(session.accountId(), session.familyId(), session.authTime()));
    }

    // ---- the page

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted account page (browser session)")
    public Response show(@QueryParam("done") String done, @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers) {
        Optional<Who> w = who(cookie);
        if (w.isEmpty()) {
            return toLogin();
        }
        HostedPages.Page p = pages.begin(headers);
        return page(p, w.get(), 200, notice(p, done), null, null, false);
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: change the password (current password; a code with MFA on)")
    public Response changePassword(@FormParam("csrf") String csrf, @FormParam("current_password") String current,
                                   @FormParam("new_password") String replacement, @FormParam("code") String code,
                                   @FormParam("end_others") String endOthers, @CookieParam(SessionCookies.NAME) String cookie,
                                   @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            TypedCode typed = TypedCode.of(code);
            try {
                passwords.change(w.accountId(), w.sessionId(), current, replacement, "on".equals(endOthers),
                        typed.otp(), typed.backupCode(), ClientInfo.of(http));
            } catch (ProblemException e) {
                return page(p, w, status(e), null, problems.of(p.msg(), e), "password", false);
            }
            return done("password");
        });
    }

    @POST
    @Path("/sessions/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: sign out one session")
    public Response endSession(@FormParam("csrf") String csrf, @FormParam("session") String session,
                               @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                               @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            UUID id;
            try {
                id = UUID.fromString(session == null ? "" : session);
            } catch (IllegalArgumentException e) {
                return page(p, w, 404, null, p.msg().problem_other(), "sessions", false);
            }
            if (!sessions.end(w.accountId(), id, ClientInfo.of(http))) {
                return page(p, w, 404, null, p.msg().problem_other(), "sessions", false);
            }
            if (id.equals(w.sessionId())) {
                return Response.seeOther(URI.create(issuer + "/logout/done")).header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .cookie(cookies.clear()).build();
            }
            return done("session");
        });
    }

    @POST
    @Path("/sessions/end-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: sign out everywhere (every session and token of the account)")
    public Response endAll(@FormParam("csrf") String csrf, @CookieParam(SessionCookies.NAME) String cookie,
                           @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            sessions.logoutAll(w.accountId(), ClientInfo.of(http), "account page");
            return Response.seeOther(URI.create(issuer + "/logout/done?everywhere=1")).header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .cookie(cookies.clear()).build();
        });
    }

    @POST
    @Path("/identities/link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: link a provider (recent sign-in); on to the provider")
    public Response link(@FormParam("csrf") String csrf, @FormParam("provider") String provider,
                         @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers) {
        return form(cookie, headers, csrf, (p, w) -> {
            if (!recentSignIn.isRecent(w.signedInAt())) {
                return reauth(p, w, recentSignIn.window(), "identities");
            }
            SocialProvider sp;
            try {
                sp = providers.require(provider == null ? "" : provider);
            } catch (ProblemException e) {
                return page(p, w, 404, null, p.msg().problem_other(), "identities", false);
            }
            // Not a redirect: CSP form-action also covers the redirects after a form's POST, and this chain ends
            // at the provider. A page that moves on by itself (meta refresh, no script) with a link as well.
            String url = "/auth/social/" + sp.id() + "/login?flow=link";
            return p.render(200, continuePage.data("provider", sp.label()).data("id", sp.id()).data("url", url))
                    .cookie(flows.start(sp, accountUrl, w.accountId(), w.sessionId())).build();
        });
    }

    @POST
    @Path("/identities/unlink")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: unlink a provider (refused while it is the only way to sign in)")
    public Response unlink(@FormParam("csrf") String csrf, @FormParam("provider") String provider,
                           @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                           @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            Optional<SocialProvider> sp = SocialProvider.byId(provider == null ? "" : provider);
            if (sp.isEmpty()) {
                return page(p, w, 404, null, p.msg().problem_identityNotLinked(), "identities", false);
            }
            try {
                social.unlink(w.accountId(), sp.get(), ClientInfo.of(http));
            } catch (ProblemException e) {
                return page(p, w, status(e), null, problems.of(p.msg(), e), "identities", false);
            }
            return done("unlinked");
        });
    }

    @POST
    @Path("/mfa/start")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: start TOTP enrolment (recent sign-in): the QR code and key")
    public Response startMfa(@FormParam("csrf") String csrf, @CookieParam(SessionCookies.NAME) String cookie,
                             @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            if (!recentSignIn.isRecent(w.signedInAt())) {
                return reauth(p, w, recentSignIn.window(), "mfa");
            }
            MfaService.Enrollment e;
            try {
                e = mfa.startEnrollment(w.accountId(), mfa.label(w.accountId()), ClientInfo.of(http));
            } catch (ProblemException refused) {
                return page(p, w, status(refused), null, problems.of(p.msg(), refused), "mfa", false);
            }
            return enrolment(p, 200, e, null);
        });
    }

    @POST
    @Path("/mfa/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: the first code turns TOTP on; the backup codes, shown once")
    public Response confirmMfa(@FormParam("csrf") String csrf, @FormParam("code") String code,
                               @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                               @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            List<String> codes;
            try {
                codes = mfa.confirmEnrollment(w.accountId(), code == null ? "" : code.strip(), ClientInfo.of(http));
            } catch (ProblemException e) {
                Optional<MfaService.Enrollment> pending = mfa.pendingEnrollment(w.accountId());
                if (pending.isPresent()) {
                    // A mistyped first code: the same key and QR code again (already scanned).
                    return enrolment(p, status(e), pending.get(), problems.of(p.msg(), e));
                }
                return page(p, w, status(e), null, problems.of(p.msg(), e), "mfa", false);
            }
            return p.render(200, secret.data("enroll", false).data("key", null).data("codes", codes)).build();
        });
    }

    @POST
    @Path("/mfa")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: turn TOTP off, or a new set of backup codes (a fresh code either way)")
    public Response manageMfa(@FormParam("csrf") String csrf, @FormParam("action") String action, @FormParam("code") String code,
                              @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                              @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            TypedCode typed = TypedCode.of(code);
            String otp = typed.otp();
            String backup = typed.backupCode();
            try {
                if ("disable".equals(action)) {
                    mfa.disable(w.accountId(), otp, backup, ClientInfo.of(http));
                    return done("mfa-off");
                }
                if ("backup-codes".equals(action)) {
                    List<String> codes = mfa.regenerateBackupCodes(w.accountId(), otp, backup, ClientInfo.of(http));
                    return p.render(200, secret.data("enroll", false).data("key", null).data("codes", codes)).build();
                }
            } catch (ProblemException e) {
                return page(p, w, status(e), null, problems.of(p.msg(), e), "mfa", false);
            }
            return page(p, w, 400, null, p.msg().problem_other(), "mfa", false);
        });
    }

    @POST
    @Path("/email")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: change the e-mail address (current password; a code with MFA on); the new address gets a link")
    public Response changeEmail(@FormParam("csrf") String csrf, @FormParam("new_email") String newEmail,
                                @FormParam("current_password") String current, @FormParam("code") String code,
                                @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                                @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            TypedCode typed = TypedCode.of(code);
            try {
                emailChanges.request(w.accountId(), newEmail, current, typed.otp(), typed.backupCode(),
                        p.locale(), ClientInfo.of(http));
            } catch (ProblemException e) {
                return page(p, w, status(e), null, "email_unchanged".equals(e.rule())
                        ? dev.gatehouse.common.Languages.bundle(dev.gatehouse.lifecycle.LifecycleMessages.class, p.locale()).change_unchanged() : problems.of(p.msg(), e), "email", false);
            }
            return done("email-change-sent");
        });
    }

    @POST
    @Path("/email/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: mail a new link that confirms the account's address")
    public Response resendVerification(@FormParam("csrf") String csrf, @CookieParam(SessionCookies.NAME) String cookie,
                                       @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            String email = accounts.view(w.accountId()).map(AccountView::email).orElse(null);
            verification.requestResend(email, p.locale(), ClientInfo.of(http));
            return done("verification-sent");
        });
    }

    @POST
    @Path("/api-keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: create an API key (recent sign-in); the key, shown once")
    public Response createKey(@FormParam("csrf") String csrf, @FormParam("name") String name, @FormParam("days") String days,
                              @FormParam("scope") List<String> scopes, @CookieParam(SessionCookies.NAME) String cookie,
                              @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            Duration within = apiKeyConfig.createWithin();
            if (w.signedInAt() == null || w.signedInAt().isBefore(clock.instant().minus(within))) {
                return reauth(p, w, within, "api-keys");
            }
            Long expiresIn;
            try {
                long d = Long.parseLong(days == null ? "" : days.strip());
                expiresIn = d > 0 && d <= 36_500 ? d * 86_400 : -1L;
            } catch (NumberFormatException e) {
                expiresIn = -1L;
            }
            ApiKeyService.Created created;
            try {
                created = apiKeys.create(w.accountId(), w.sessionId(), name, scopes == null ? List.of() : scopes, expiresIn, ClientInfo.of(http));
            } catch (ProblemException e) {
                return page(p, w, status(e), null, problems.of(p.msg(), e), "api-keys", false);
            }
            return p.render(201, secret.data("enroll", false).data("codes", null).data("key", created.key())).build();
        });
    }

    @POST
    @Path("/api-keys/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Account page: revoke an API key")
    public Response revokeKey(@FormParam("csrf") String csrf, @FormParam("key") String key,
                              @CookieParam(SessionCookies.NAME) String cookie, @Context HttpHeaders headers,
                              @Context HttpServerRequest http) {
        return form(cookie, headers, csrf, (p, w) -> {
            UUID id;
            try {
                id = UUID.fromString(key == null ? "" : key);
            } catch (IllegalArgumentException e) {
                return page(p, w, 404, null, p.msg().problem_other(), "api-keys", false);
            }
            if (!apiKeys.revoke(w.accountId(), id, ClientInfo.of(http))) {
                return page(p, w, 404, null, p.msg().problem_other(), "api-keys", false);
            }
            return done("key-revoked");
        });
    }

    // ---- plumbing

    private interface Action {
        Response run(HostedPages.Page p, Who w);
    }

    /** Every form: a session (else to sign-in), the CSRF token (else 403 with the page), then the action; 429 stays a page. */
    private Response form(String cookie, HttpHeaders headers, String csrf, Action action) {
        Optional<Who> w = who(cookie);
        if (w.isEmpty()) {
            return toLogin();
        }
        HostedPages.Page p = pages.begin(headers);
        if (!p.csrfAccepted(csrf)) {
            return page(p.freshCsrf(), w.get(), 403, null, p.msg().common_formExpired(), null, false);
        }
        try {
            return action.run(p, w.get());
        } catch (RateLimitedException e) {
            return Response.fromResponse(page(p, w.get(), 429, null, p.msg().common_tooMany(), null, false))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        }
    }

    private Response toLogin() {
        URI login = UriBuilder.fromUri(issuer).path("/login").queryParam("return_to", accountUrl).build();
        return Response.seeOther(login).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Response done(String notice) {
        return Response.seeOther(URI.create(accountUrl + "?done=" + notice)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Response reauth(HostedPages.Page p, Who w, Duration within, String section) {
        return page(p, w, 403, null, p.msg().account_recentSignInRequired(Math.max(1, within.toMinutes())), section, true);
    }

    private Response enrolment(HostedPages.Page p, int status, MfaService.Enrollment e, String message) {
        return p.render(status, secret.data("enroll", true).data("key", null).data("codes", null).data("qrCode", e.qrCode())
                .data("secret", String.join(" ", e.secret().split("(?<=\\G.{4})"))).data("message", message)).build();
    }

    private static int status(ProblemException e) {
        return e.status() >= 400 && e.status() < 500 ? e.status() : 400;
    }

    private static String notice(HostedPages.Page p, String done) {
        if (done == null || !NOTICES.containsKey(done)) {
            return null;
        }
        Messages msg = p.msg();
        return switch (done) {
            case "email-change-sent" -> dev.gatehouse.common.Languages.bundle(dev.gatehouse.lifecycle.LifecycleMessages.class, p.locale()).change_sent();
            case "verification-sent" -> dev.gatehouse.common.Languages.bundle(dev.gatehouse.lifecycle.LifecycleMessages.class, p.locale()).resend_sent();
            case "password" -> msg.account_passwordChanged();
            case "session" -> msg.account_sessionEnded();
            case "unlinked" -> msg.account_identityUnlinked();
            case "mfa-off" -> msg.account_mfaDisabled();
            case "mfa-on" -> msg.account_mfaEnabled();
            case "key-revoked" -> msg.account_apiKeyRevoked();
            default -> null;
        };
    }

    /** The account page with everything the person can see and change. */
    private Response page(HostedPages.Page p, Who w, int status, String notice, String error, String errorAt, boolean reauth) {
        UUID id = w.accountId();
        AccountView view = accounts.view(id).orElseThrow(() -> new ProblemException(401, "unauthorized", "Unauthorized", "Sign in again."));
        MfaService.State state = mfa.state(id);
        AccountRow row = new AccountRow(view.email(), view.emailVerified(), view.displayName(), p.date(view.createdAt()),
                accounts.hasPassword(id), state.totp(), state.backupCodesLeft());
        List<SessionRow> sessionRows = sessions.list(id).stream().map(f -> new SessionRow(f.id().toString(),
                RefreshTokenService.KIND_COOKIE.equals(f.kind()), f.id().equals(w.sessionId()), p.dateTime(f.createdAt()),
                f.lastUsedAt() == null ? null : p.dateTime(f.lastUsedAt()), device(f.userAgent(), f.clientAddress()))).toList();
        List<SocialLoginService.IdentityView> linked = social.identities(id);
        List<IdentityRow> identityRows = new ArrayList<>();
        for (SocialProvider sp : SocialProvider.values()) {
            Optional<SocialLoginService.IdentityView> l = linked.stream().filter(i -> i.provider().equals(sp.id())).findFirst();
            boolean enabled = providers.isEnabled(sp);
            if (l.isPresent() || enabled) {
                String who = l.map(i -> i.email() != null ? i.email() : i.login()).orElse(null);
                identityRows.add(new IdentityRow(sp.id(), sp.label(), l.isPresent(), enabled, who == null ? sp.label() : who));
            }
        }
        List<KeyRow> keys = apiKeys.list(id).stream().map(k -> new KeyRow(k.id().toString(), k.name(), k.prefix(),
                String.join(" ", k.scopes()), k.expiresAt() == null ? null : p.date(k.expiresAt()))).toList();
        Set<String> scopes = new LinkedHashSet<>(config.scopes());
        scopes.addAll(view.roles());
        String reauthUrl = UriBuilder.fromPath("/login").queryParam("return_to", accountUrl).build().toString();
        TemplateInstance html = account.data("account", row).data("sessions", sessionRows).data("identities", identityRows)
                .data("apiKeys", keys).data("scopes", List.copyOf(scopes)).data("notice", notice).data("error", error)
                .data("errorAt", errorAt).data("reauth", reauth).data("reauthUrl", reauthUrl).data("minLength", minLength)
                .data("maxKeyDays", apiKeyConfig.maxLifetime().toDays());
        return p.render(status, html).build();
    }

    private static String device(String userAgent, String address) {
        String ua = userAgent == null ? "" : userAgent.length() > 120 ? userAgent.substring(0, 120) + "…" : userAgent;
        String a = address == null ? "" : address;
        return ua.isEmpty() ? (a.isEmpty() ? null : a) : a.isEmpty() ? ua : ua + " · " + a;
    }

    @TemplateData
    public record AccountRow(String email, boolean emailVerified, String displayName, String memberSince, boolean hasPassword,
                             boolean mfaOn, int backupCodesLeft) {
    }

    @TemplateData
    public record SessionRow(String id, boolean browser, boolean current, String signedIn, String lastUsed, String device) {
    }

    @TemplateData
    public record IdentityRow(String id, String label, boolean linked, boolean enabled, String who) {
    }

    @TemplateData
    public record KeyRow(String id, String name, String prefix, String scopes, String expires) {
    }
}
