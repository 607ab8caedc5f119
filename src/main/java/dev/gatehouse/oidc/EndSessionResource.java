package dev.gatehouse.oidc;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.client.ClientService;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.TokenRequest;
import dev.gatehouse.page.HostedPages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RP-initiated logout ({@code end_session_endpoint}, {@code GET/POST /oauth2/logout}): ends the SSO
 * browser session of the cookie (its family, the client families signed in through it, their
 * access tokens; back-channel logout tells the clients), clears the cookie, and sends the browser
 * to {@code post_logout_redirect_uri} only when it is registered exactly for the client that the
 * {@code id_token_hint} (or {@code client_id}) names, with {@code state}; otherwise a page saying
 * the person is signed out. No confirmation screen: logging out is never harmful to the person, and
 * a cross-site logout is only a nuisance (documented in docs/openid-provider.md).
 */
@Path("/oauth2/logout")
@Tag(name = "OpenID Provider")
public class EndSessionResource {

    private final RefreshTokenService sessions;
    private final SessionCookies cookies;
    private final ClientService clients;
    private final IdTokenHints hints;
    private final Template page;
    private final AuditLog audit;
    private final HostedPages pages;

    public EndSessionResource(RefreshTokenService sessions, SessionCookies cookies, ClientService clients, IdTokenHints hints,
                              @Location("oidc-message.html") Template page, AuditLog audit, HostedPages pages) {
        this.pages = pages;
        this.sessions = sessions;
        this.cookies = cookies;
        this.clients = clients;
        this.hints = hints;
        this.page = page;
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "RP-initiated logout: ends the SSO session; post_logout_redirect_uri only when registered exactly")
    public Response get(@Context UriInfo uri, @CookieParam(SessionCookies.NAME) String cookie, @Context HttpServerRequest http,
                        @Context HttpHeaders headers) {
        return logout(pages.begin(headers), uri.getQueryParameters(), cookie, http);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "RP-initiated logout (form post)")
    public Response post(byte[] body, @CookieParam(SessionCookies.NAME) String cookie, @Context HttpServerRequest http,
                         @Context HttpHeaders headers) {
        return logout(pages.begin(headers), TokenRequest.parseForm(body), cookie, http);
    }

    private Response logout(HostedPages.Page p, Map<String, List<String>> params, String cookie, HttpServerRequest http) {
        String hintToken = one(params, "id_token_hint");
        String clientId = one(params, "client_id");
        String postLogout = one(params, "post_logout_redirect_uri");
        String state = one(params, "state");
        if (hintToken == INVALID || clientId == INVALID || postLogout == INVALID || state == INVALID) {
            return message(p, 400, p.msg().oidc_logoutRepeated());
        }
        Optional<IdTokenHints.Hint> hint = hints.read(hintToken);
        if (hintToken != null && hint.isEmpty()) {
            return message(p, 400, p.msg().oidc_logoutForeignHint());
        }
        if (hint.isPresent() && clientId != null && !clientId.equals(hint.get().clientId())) {
            return message(p, 400, p.msg().oidc_logoutTwoClients());
        }
        String named = hint.map(IdTokenHints.Hint::clientId).orElse(clientId);
        ClientInfo info = ClientInfo.of(http);
        Optional<RefreshTokenService.BrowserSession> session = sessions.browserSession(cookie);
        // The hint must be of this browser's person (or there is no session to end anyway).
        // Another person's hint leaves this browser's session alone (and its cookie).
        boolean ours = session.isEmpty() || hint.isEmpty() || hint.get().subject().equals(session.get().accountId().toString());
        if (session.isPresent() && ours) {
            sessions.revokeFamily(session.get().familyId(), "logout");
            audit.record(AuditEventType.OIDC_LOGOUT, session.get().accountId(), info, named == null ? null : "client " + named);
        }
        String target = null;
        if (postLogout != null && named != null) {
            Optional<ClientService.UserClient> client = clients.userClient(named);
            if (client.isPresent() && client.get().postLogoutRedirectUris().contains(postLogout)) {
                target = Urls.withQuery(postLogout, java.util.Collections.singletonMap("state", state));
            }
        }
        Response.ResponseBuilder r = target != null
                ? Response.seeOther(URI.create(target)).header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("Content-Security-Policy", p.contentSecurityPolicy())
                : p.render(200, page.data("title", p.msg().oidc_signedOutTitle())
                        .data("message", postLogout != null ? p.msg().oidc_signedOutStay() : p.msg().oidc_signedOut()));
        return (ours ? r.cookie(cookies.clear()) : r).build();
    }

    private Response message(HostedPages.Page p, int status, String text) {
        return p.render(status, page.data("title", p.msg().oidc_signOutFailedTitle()).data("message", text)).build();
    }

    private static final String INVALID = new String("invalid");

    private static String one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            return INVALID;
        }
        return v.get(0) == null || v.get(0).isEmpty() ? null : v.get(0);
    }
}
