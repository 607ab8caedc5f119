package dev.gatehouse.session;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.page.HostedPages;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/**
 * The hosted sign-out page: {@code GET /logout} asks, {@code POST /logout} (with the page's CSRF
 * token) ends this browser's session (its refresh-token family, through {@link SessionService}, as
 * {@code POST /auth/logout} does), clears the session cookie and sends the browser to the signed-out
 * page, which links back to the app ({@code GATEHOUSE_BRAND_APP_URL}) and to sign in. A GET never
 * signs anyone out, so a link or an image on another site cannot.
 */
@Path("/logout")
@Tag(name = "hosted page")
public class LogoutPageResource {

    private final HostedPages pages;
    private final Template confirm;
    private final Template signedOut;
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final RefreshTokenService refreshTokens;
    private final URI doneUrl;

    public LogoutPageResource(HostedPages pages, @Location("logout.html") Template confirm, @Location("signed-out.html") Template signedOut,
                              SessionService sessions, SessionCookies cookies, RefreshTokenService refreshTokens, PublicUrls urls) {
        this.doneUrl = urls.absolute("/logout/done");
        this.pages = pages;
        this.confirm = confirm;
        this.signedOut = signedOut;
        this.sessions = sessions;
        this.cookies = cookies;
        this.refreshTokens = refreshTokens;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted sign-out page: asks before signing out")
    public Response show(@CookieParam(SessionCookies.NAME) String session, @Context HttpHeaders headers) {
        HostedPages.Page p = pages.begin(headers);
        boolean signedIn = refreshTokens.browserSession(session).isPresent();
        return p.render(200, confirm.data("signedIn", signedIn).data("message", null)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign out: ends this browser's session and clears its cookie")
    public Response signOut(@FormParam("csrf") String csrf, @CookieParam(SessionCookies.NAME) String session,
                            @Context HttpHeaders headers, @Context HttpServerRequest http) {
        HostedPages.Page p = pages.begin(headers);
        if (!p.csrfAccepted(csrf)) {
            boolean signedIn = refreshTokens.browserSession(session).isPresent();
            return p.freshCsrf().render(403, confirm.data("signedIn", signedIn).data("message", p.msg().common_formExpired())).build();
        }
        if (session != null && !session.isEmpty()) {
            sessions.endByRefreshToken(session, ClientInfo.of(http));
        }
        return Response.seeOther(doneUrl).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(cookies.clear()).build();
    }

    @GET
    @Path("/done")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The signed-out page")
    public Response done(@QueryParam("everywhere") String everywhere, @Context HttpHeaders headers) {
        return pages.begin(headers).render(200, signedOut.data("everywhere", "1".equals(everywhere))).build();
    }
}
