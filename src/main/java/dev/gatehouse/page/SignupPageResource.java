package dev.gatehouse.page;

import dev.gatehouse.account.Account;
import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.AccountView;
import dev.gatehouse.account.Registrations;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.login.LoginService;
import dev.gatehouse.password.PasswordConfig;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.session.ReturnUrls;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
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
import java.util.Set;

/**
 * The hosted sign-up page ({@code GATEHOUSE_REGISTRATION_ENABLED}; 404 when off). The account is
 * created by {@link AccountService#register} exactly like {@code POST /auth/register}, with the same
 * limits (per client address and per target e-mail, {@link Registrations}) and audit events. Then the
 * person is signed in at once, through the same {@link LoginService} as the sign-in form, and sent to
 * {@code return_to} when it is allowed; when that sign-in is refused (an address that must be verified
 * first) the page says to check the mail.
 */
@Path("/signup")
@Tag(name = "hosted page")
public class SignupPageResource {

    private final HostedPages pages;
    private final Template signup;
    private final Template done;
    private final Registrations registrations;
    private final AccountService accounts;
    private final LoginService login;
    private final SessionCookies sessions;
    private final ReturnUrls returnUrls;
    private final ProblemTexts problems;
    private final AuditLog audit;
    private final int minLength;

    public SignupPageResource(HostedPages pages, @Location("signup.html") Template signup, @Location("signup-done.html") Template done,
                              Registrations registrations, AccountService accounts, LoginService login, SessionCookies sessions,
                              ReturnUrls returnUrls, ProblemTexts problems, AuditLog audit, PasswordConfig passwords) {
        this.pages = pages;
        this.signup = signup;
        this.done = done;
        this.registrations = registrations;
        this.accounts = accounts;
        this.login = login;
        this.sessions = sessions;
        this.returnUrls = returnUrls;
        this.problems = problems;
        this.audit = audit;
        this.minLength = passwords.minLength();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted sign-up page (404 when registration is off)")
    public Response show(@QueryParam("return_to") String returnTo, @Context HttpHeaders headers) {
        requireEnabled();
        return render(pages.begin(headers), 200, returnTo, null, null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The sign-up form: creates the account and signs in")
    public Response submit(@FormParam("email") String email, @FormParam("password") String password,
                           @FormParam("display_name") String displayName, @FormParam("return_to") String returnTo,
                           @FormParam("csrf") String csrf, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        requireEnabled();
        HostedPages.Page p = pages.begin(headers);
        if (!p.csrfAccepted(csrf)) {
            return render(p.freshCsrf(), 403, returnTo, email, displayName, p.msg().common_formExpired());
        }
        ClientInfo client = ClientInfo.of(http);
        String name = displayName == null || displayName.isBlank() ? null : displayName;
        AccountView created;
        try {
            registrations.countAddress(client);
            registrations.countEmail(email);
            created = accounts.register(email, password, name, Set.of(Account.ROLE_USER), p.locale());
        } catch (RateLimitedException e) {
            return Response.fromResponse(render(p, 429, returnTo, email, displayName, p.msg().common_tooMany()))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (ProblemException e) {
            audit.record(AuditEventType.REGISTER_ERROR, null, client, e.rule() != null ? e.rule() : "status " + e.status());
            int status = e.status() >= 400 && e.status() < 500 ? e.status() : 400;
            return render(p, status, returnTo, email, displayName, problems.of(p.msg(), e));
        }
        audit.record(AuditEventType.REGISTER, created.id(), client, "hosted page");
        String allowedReturn = returnUrls.isAllowed(returnTo) ? returnTo : null;
        try {
            RefreshTokenService.Issued issued = login.login(email, password, null, RefreshTokenService.KIND_COOKIE, client);
            return Response.seeOther(URI.create(returnUrls.resolve(allowedReturn)))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .cookie(sessions.issue(issued.response().refreshToken(), issued.absoluteExpiresAt()))
                    .build();
        } catch (OAuthErrorException | RateLimitedException refused) {
            // Signing in is refused for now (e.g. the address must be verified first): the account exists; say what next.
            return p.render(201, done.data("email", created.email()).data("loginUrl", loginUrl(allowedReturn))).build();
        }
    }

    private void requireEnabled() {
        if (!registrations.enabled()) {
            throw new NotFoundException();
        }
    }

    private Response render(HostedPages.Page p, int status, String returnTo, String email, String displayName, String message) {
        String allowedReturn = returnUrls.isAllowed(returnTo) ? returnTo : null;
        return p.render(status, signup.data("returnTo", allowedReturn).data("email", email).data("displayName", displayName)
                .data("message", message).data("minLength", minLength).data("loginUrl", loginUrl(allowedReturn))).build();
    }

    private static String loginUrl(String returnTo) {
        UriBuilder b = UriBuilder.fromPath("/login");
        if (returnTo != null) {
            b.queryParam("return_to", returnTo);
        }
        return b.build().toString();
    }
}
