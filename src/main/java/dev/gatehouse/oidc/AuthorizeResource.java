package dev.gatehouse.oidc;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.HostCookie;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.TokenRequest;
import io.quarkus.qute.Location;
import dev.gatehouse.page.Csrf;
import dev.gatehouse.page.HostedPages;
import dev.gatehouse.page.Messages;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
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

    private final AuthorizationService service;
    private final Template message;
    private final Template consent;
    private final String issuerOrigin;

    private final HostedPages pages;

    public AuthorizeResource(AuthorizationService service, @Location("oidc-message.html") Template message,
                             @Location("consent.html") Template consent, PublicUrls urls, HostedPages pages) {
        this.pages = pages;
        this.service = service;
        this.message = message;
        this.consent = consent;
        URI issuer = URI.create(urls.issuer());
        this.issuerOrigin = (issuer.getScheme() + "://" + issuer.getRawAuthority()).toLowerCase(Locale.ROOT);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorization endpoint: response_type=code with PKCE S256")
    public Response get(@Context UriInfo uri, @CookieParam(SessionCookies.NAME) String session, @Context HttpServerRequest http,
                        @Context HttpHeaders headers) {
        return answer(pages.begin(headers), () -> service.authorize(uri.getQueryParameters(), session, ClientInfo.of(http)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorization endpoint (form post)")
    public Response post(byte[] body, @CookieParam(SessionCookies.NAME) String session, @Context HttpServerRequest http,
                         @Context HttpHeaders headers) {
        return answer(pages.begin(headers), () -> service.authorize(TokenRequest.parseForm(body), session, ClientInfo.of(http)));
    }

    @POST
    @Path("/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The consent screen's answer (same-site only)")
    public Response consent(@FormParam("resume") String resume, @FormParam("decision") String decision,
                            @FormParam("csrf") String csrf, @CookieParam(CONSENT_CSRF_COOKIE) String csrfCookie,
                            @HeaderParam("Origin") String origin, @HeaderParam("Sec-Fetch-Site") String fetchSite,
                            @CookieParam(SessionCookies.NAME) String session, @Context HttpServerRequest http,
                            @Context HttpHeaders headers) {
        HostedPages.Page p = pages.begin(headers);
        boolean sameSite = csrfCookie != null && csrfCookie.length() == 43 && Csrf.matches(csrfCookie, csrf)
                && (origin == null || origin.toLowerCase(Locale.ROOT).equals(issuerOrigin))
                && (fetchSite == null || fetchSite.equals("same-origin"));
        if (!sameSite) {
            return page(p, 403, p.msg().oidc_notAllowedTitle(), p.msg().oidc_notAllowed());
        }
        if (!"allow".equals(decision) && !"deny".equals(decision)) {
            return page(p, 400, p.msg().oidc_notUnderstoodTitle(), p.msg().oidc_chooseAllowOrDeny());
        }
        return answer(p, () -> service.consent(resume, "allow".equals(decision), session, ClientInfo.of(http)));
    }

    private Response answer(HostedPages.Page p, java.util.function.Supplier<AuthorizationService.Outcome> outcome) {
        AuthorizationService.Outcome o;
        try {
            o = outcome.get();
        } catch (RateLimitedException e) {
            return Response.fromResponse(page(p, 429, p.msg().oidc_tooManyTitle(), p.msg().oidc_tooMany()))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        } catch (dev.gatehouse.common.OAuthErrorException e) {
            return page(p, 400, p.msg().oidc_failedTitle(), p.msg().oidc_malformed());
        }
        if (o instanceof AuthorizationService.Redirect r) {
            return Response.seeOther(URI.create(r.location())).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (o instanceof AuthorizationService.ConsentPage c) {
            // Its own single-use token and cookie (one per consent screen), checked with the hosted pages' Csrf rule.
            String token = Csrf.newToken();
            TemplateInstance html = consent.data("clientName", c.clientName()).data("clientId", c.clientId()).data("scopes", c.scopes())
                    .data("resume", c.resume()).data("consentCsrf", token);
            p.allowFormTarget(service.formTargetFor(service.resumeUrlFor(c.resume())).orElse(null));
            return p.render(200, html)
                    .cookie(HostCookie.of(CONSENT_CSRF_COOKIE, token, NewCookie.SameSite.STRICT))
                    .build();
        }
        AuthorizationService.ErrorPage e = (AuthorizationService.ErrorPage) o;
        Messages msg = p.msg();
        String text = switch (e.reason()) {
            case REPEATED_PARAMETER -> msg.oidc_repeatedParameter();
            case REQUEST_EXPIRED -> msg.oidc_requestExpired();
            case UNKNOWN_CLIENT -> msg.oidc_unknownClient();
            case UNREGISTERED_REDIRECT -> msg.oidc_unregisteredRedirect();
        };
        return page(p, e.status(), msg.oidc_failedTitle(), text);
    }

    private Response page(HostedPages.Page p, int status, String title, String text) {
        return p.render(status, message.data("title", title).data("message", text)).build();
    }
}
