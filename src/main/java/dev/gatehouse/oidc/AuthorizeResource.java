package dev.gatehouse.oidc;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.HostCookie;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.TokenRequest;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The authorization endpoint ({@code GET/POST /oauth2/authorize}) and the consent form's target
 * ({@code POST /oauth2/authorize/consent}). See {@link AuthorizationService} for the rules. The
 * consent form is guarded against cross-site submission three ways: a token bound to the browser
 * by a {@code SameSite=Strict} {@code __Host-} cookie (a cross-site POST does not carry it), the
 * {@code Origin} header (when sent, it must be the issuer's), and {@code Sec-Fetch-Site} (when
 * sent, it must be {@code same-origin}).
 */
@Path("/oauth2/authorize")
@Tag(name = "OpenID Provider")
public class AuthorizeResource {

    static final String CONSENT_CSRF_COOKIE = "__Host-gatehouse-consent";
    /** Pages of this package: no script, no forms but the consent one (which sets its own). */
    static final String CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthorizationService service;
    private final Template message;
    private final Template consent;
    private final String issuerOrigin;

    public AuthorizeResource(AuthorizationService service, @Location("oidc-message.html") Template message,
                             @Location("consent.html") Template consent, PublicUrls urls) {
        this.service = service;
        this.message = message;
        this.consent = consent;
        URI issuer = URI.create(urls.issuer());
        this.issuerOrigin = (issuer.getScheme() + "://" + issuer.getRawAuthority()).toLowerCase(Locale.ROOT);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorization endpoint: response_type=code with PKCE S256")
    public Response get(@Context UriInfo uri, @CookieParam(SessionCookies.NAME) String session, @Context HttpServerRequest http) {
        return answer(() -> service.authorize(uri.getQueryParameters(), session, ClientInfo.of(http)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorization endpoint (form post)")
    public Response post(byte[] body, @CookieParam(SessionCookies.NAME) String session, @Context HttpServerRequest http) {
        return answer(() -> service.authorize(TokenRequest.parseForm(body), session, ClientInfo.of(http)));
    }

    @POST
    @Path("/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The consent screen's answer (same-site only)")
    public Response consent(@FormParam("resume") String resume, @FormParam("decision") String decision,
                            @FormParam("csrf") String csrf, @CookieParam(CONSENT_CSRF_COOKIE) String csrfCookie,
                            @HeaderParam("Origin") String origin, @HeaderParam("Sec-Fetch-Site") String fetchSite,
                            @CookieParam(SessionCookies.NAME) String session, @Context HttpServerRequest http) {
        boolean sameSite = csrfCookie != null && csrf != null && csrfCookie.length() == 43
                && MessageDigest.isEqual(csrfCookie.getBytes(StandardCharsets.US_ASCII), csrf.getBytes(StandardCharsets.US_ASCII))
                && (origin == null || origin.toLowerCase(Locale.ROOT).equals(issuerOrigin))
                && (fetchSite == null || fetchSite.equals("same-origin"));
        if (!sameSite) {
            return page(403, "Not allowed", "This answer did not come from the consent page. Nothing was allowed.");
        }
        if (!"allow".equals(decision) && !"deny".equals(decision)) {
            return page(400, "Not understood", "Choose Allow or Deny.");
        }
        return answer(() -> service.consent(resume, "allow".equals(decision), session, ClientInfo.of(http)));
    }

    private Response answer(java.util.function.Supplier<AuthorizationService.Outcome> outcome) {
        AuthorizationService.Outcome o;
        try {
            o = outcome.get();
        } catch (RateLimitedException e) {
            return Response.fromResponse(page(429, "Too many requests", "Too many sign-in requests. Please wait a minute."))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (dev.gatehouse.common.OAuthErrorException e) {
            return page(400, "Sign-in failed", "The sign-in request is malformed.");
        }
        if (o instanceof AuthorizationService.Redirect r) {
            return Response.seeOther(URI.create(r.location())).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (o instanceof AuthorizationService.ConsentPage c) {
            String token = newToken();
            String html = consent.data("clientName", c.clientName()).data("clientId", c.clientId()).data("scopes", c.scopes())
                    .data("resume", c.resume()).data("csrf", token).render();
            String target = service.formTargetFor(service.resumeUrlFor(c.resume())).orElse("");
            return Response.ok(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header("Content-Security-Policy", CSP.replace("form-action 'self'", "form-action 'self' " + target).trim())
                    .cookie(HostCookie.of(CONSENT_CSRF_COOKIE, token, NewCookie.SameSite.STRICT))
                    .build();
        }
        AuthorizationService.ErrorPage e = (AuthorizationService.ErrorPage) o;
        return page(e.status(), "Sign-in failed", e.message());
    }

    private Response page(int status, String title, String text) {
        return Response.status(status).entity(message.data("title", title).data("message", text).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", CSP).build();
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
