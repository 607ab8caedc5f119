package dev.gatehouse.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The hosted passkey page {@code /account/passkeys}: list, add (with a name; needs a sign-in within
 * {@code GATEHOUSE_WEBAUTHN_REGISTER_WITHIN}), remove. The session cookie says who it is; every
 * POST carries a CSRF token bound to a {@code __Host-} SameSite=Strict cookie (the remove form as
 * a field, the script's JSON calls as {@code X-CSRF-Token} plus {@code X-Requested-With}). Its CSP
 * allows only its own script ({@code /assets/passkeys.js}) and calls to its own origin.
 */
@Path("/account/passkeys")
@Tag(name = "hosted page")
public class PasskeyPageResource {

    /** The hosted pages' CSRF cookie: the page renders its token, the script sends it back as X-CSRF-Token. */
    static final String CSRF_COOKIE = dev.gatehouse.page.Csrf.COOKIE;

    private final Template page;
    private final PasskeyService passkeys;
    private final RefreshTokenService sessions;
    private final WebAuthnConfig config;
    private final PublicUrls urls;
    private final dev.gatehouse.session.RecentSignIn recentSignIn;

    private final dev.gatehouse.page.HostedPages pages;

    public PasskeyPageResource(@Location("passkeys.html") Template page, PasskeyService passkeys, RefreshTokenService sessions,
                               WebAuthnConfig config, PublicUrls urls, dev.gatehouse.session.RecentSignIn recentSignIn,
                               dev.gatehouse.page.HostedPages pages) {
        this.pages = pages;
        this.page = page;
        this.passkeys = passkeys;
        this.sessions = sessions;
        this.config = config;
        this.urls = urls;
        this.recentSignIn = recentSignIn;
    }

    /** Body of the page's registration finish. */
    public record RegisterRequest(String ceremony, String name, JsonNode credential) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted passkey page (session cookie)")
    public Response show(@QueryParam("error") String error, @CookieParam(SessionCookies.NAME) String session,
                         @Context jakarta.ws.rs.core.HttpHeaders headers) {
        RefreshTokenService.BrowserSession s = sessions.browserSession(session).orElse(null);
        if (s == null) {
            return Response.seeOther(signInUrl()).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        // The hosted pages' renderer: language, branding, headers, the CSRF cookie; this page runs /assets/passkeys.js.
        dev.gatehouse.page.HostedPages.Page p = pages.begin(headers).allowOwnScripts();
        List<Map<String, Object>> list = passkeys.list(s.accountId()).stream().map(k -> Map.<String, Object>of(
                "id", k.id().toString(), "name", k.name(), "created", p.date(k.createdAt()),
                "lastUsed", k.lastUsedAt() == null ? "" : p.date(k.lastUsedAt()), "synced", k.synced())).toList();
        return p.render(200, page.data("passkeys", list)
                .data("message", error == null ? null : message(p, error))
                .data("stale", !recent(s)).data("signInUrl", signInUrl().toString())).build();
    }

    @POST
    @Path("/register/options")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The page's registration options (session cookie, X-CSRF-Token, X-Requested-With; recent sign-in)")
    public Response registerOptions(@CookieParam(SessionCookies.NAME) String session, @CookieParam(CSRF_COOKIE) String csrf,
                                    @HeaderParam("X-CSRF-Token") String csrfHeader, @HeaderParam(SessionCookies.CSRF_HEADER) String xrw,
                                    @Context HttpServerRequest http) {
        RefreshTokenService.BrowserSession s = requireScriptCall(session, csrf, csrfHeader, xrw);
        requireRecent(s);
        return Response.ok(passkeys.startRegistration(s.accountId(), s.familyId(), ClientInfo.of(http)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The page's registration finish: {ceremony, name, credential} → 201 the passkey")
    public Response register(RegisterRequest body, @CookieParam(SessionCookies.NAME) String session, @CookieParam(CSRF_COOKIE) String csrf,
                             @HeaderParam("X-CSRF-Token") String csrfHeader, @HeaderParam(SessionCookies.CSRF_HEADER) String xrw,
                             @Context HttpServerRequest http) {
        RefreshTokenService.BrowserSession s = requireScriptCall(session, csrf, csrfHeader, xrw);
        requireRecent(s);
        if (body == null) {
            throw ProblemException.invalid("body_missing", "A JSON body is required.");
        }
        PasskeyService.PasskeyView v = passkeys.finishRegistration(s.accountId(), s.familyId(), body.ceremony(), body.name(),
                body.credential() == null || !body.credential().isObject() ? null : body.credential().toString(), ClientInfo.of(http));
        return Response.status(201).entity(v).build();
    }

    @POST
    @Path("/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "The page's remove form (session cookie, CSRF field)")
    public Response remove(@PathParam("id") String id, @FormParam("csrf") String csrfField, @CookieParam(CSRF_COOKIE) String csrf,
                           @CookieParam(SessionCookies.NAME) String session, @Context HttpServerRequest http) {
        RefreshTokenService.BrowserSession s = sessions.browserSession(session).orElse(null);
        if (s == null) {
            return Response.seeOther(signInUrl()).build();
        }
        if (!same(csrf, csrfField)) {
            return back("form-expired");
        }
        try {
            passkeys.remove(s.accountId(), PasskeyResource.passkeyId(id), ClientInfo.of(http), null, true);
        } catch (ProblemException e) {
            String type = e.toProblem().type();
            return back(type.endsWith("last-sign-in-method") ? "last-sign-in-method"
                    : type.endsWith("second-factor-required") ? "second-factor-required" : "passkey-not-found");
        }
        return back(null);
    }

    /** The text of a {@code ?error=} the page redirected with, in the reader's language. */
    private static String message(dev.gatehouse.page.HostedPages.Page p, String error) {
        PasskeyMessages m = dev.gatehouse.common.Languages.bundle(PasskeyMessages.class, p.locale());
        return switch (error) {
            case "last-sign-in-method" -> m.error_lastWay();
            case "second-factor-required" -> m.error_lastFactor();
            case "passkey-not-found" -> m.error_notFound();
            case "form-expired" -> m.error_expired();
            default -> m.error_other();
        };
    }

    private Response back(String error) {
        UriBuilder b = UriBuilder.fromPath("/account/passkeys");
        if (error != null) {
            b.queryParam("error", error);
        }
        return Response.seeOther(b.build()).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The session of a call from the page's script: the CSRF token (header = cookie) and the custom header; 403 otherwise. */
    private RefreshTokenService.BrowserSession requireScriptCall(String session, String csrf, String csrfHeader, String xrw) {
        if (xrw == null || xrw.isBlank() || !same(csrf, csrfHeader)) {
            throw new ProblemException(403, "cross-site-request", "Cross-site request refused",
                    "Reload the page and try again (the request lacked the page's CSRF token).");
        }
        return sessions.browserSession(session).orElseThrow(() ->
                new ProblemException(401, "unauthorized", "Sign in", "Sign in first."));
    }

    private boolean recent(RefreshTokenService.BrowserSession s) {
        return recentSignIn.isRecent(s.authTime(), config.registerWithin());
    }

    private void requireRecent(RefreshTokenService.BrowserSession s) {
        if (!recent(s)) {
            throw new ProblemException(403, "recent-sign-in-required", "Sign in again",
                    "Adding a passkey needs a sign-in within the last " + config.registerWithin().toMinutes() + " minutes.");
        }
    }

    private URI signInUrl() {
        return UriBuilder.fromPath("/login").queryParam("return_to", urls.issuer() + "/account/passkeys").build();
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && !a.isEmpty() && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
