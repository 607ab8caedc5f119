package dev.gatehouse.social;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.PublicUrls;
import dev.gatehouse.mfa.MfaCookie;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.session.ReturnUrls;
import dev.gatehouse.session.SessionCookies;
import dev.gatehouse.social.github.GitHubProfileReader;
import dev.gatehouse.social.google.GoogleProfileReader;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;

/**
 * "Continue with Google / GitHub": authorization code with PKCE through the quarkus-oidc tenant of
 * the same name. {@code /login} remembers where to return and sends the browser to the callback
 * path, where quarkus-oidc starts the flow (state, nonce, PKCE verifier in its state cookie) and,
 * when the provider sends the browser back, exchanges the code and verifies what it got before
 * {@link #callback} runs. No token ever travels in a URL: the result is the session cookie.
 */
@Path("/auth/social/{provider}")
@Tag(name = "social")
public class SocialLoginResource {

    static final String STATE_COOKIE_PREFIX = "q_auth_";
    static final String SESSION_COOKIE_PREFIX = "q_session_";

    private final SocialProviders providers;
    private final SocialFlowCookies flows;
    private final ReturnUrls returnUrls;
    private final SocialLoginService social;
    private final GoogleProfileReader google;
    private final GitHubProfileReader github;
    private final SessionCookies sessions;
    private final RateLimiter limiter;
    private final ProtectionConfig protection;
    private final SecurityIdentity identity;
    private final PublicUrls urls;

    public SocialLoginResource(SocialProviders providers, SocialFlowCookies flows, ReturnUrls returnUrls,
                               SocialLoginService social, GoogleProfileReader google, GitHubProfileReader github,
                               SessionCookies sessions, RateLimiter limiter, ProtectionConfig protection,
                               SecurityIdentity identity, PublicUrls urls) {
        this.providers = providers;
        this.flows = flows;
        this.returnUrls = returnUrls;
        this.social = social;
        this.google = google;
        this.github = github;
        this.sessions = sessions;
        this.limiter = limiter;
        this.protection = protection;
        this.identity = identity;
        this.urls = urls;
    }

    @GET
    @Path("/login")
    @Operation(summary = "Start signing in with the provider; returns to return_to (if allow-listed) with a session cookie")
    public Response login(@PathParam("provider") String provider, @QueryParam("return_to") String returnTo,
                          @QueryParam("flow") String flowKind, @CookieParam(SocialFlowCookies.NAME) String flowCookie,
                          @Context HttpServerRequest request) {
        SocialProvider p = providers.require(provider);
        limiter.require("social-address", ClientInfo.of(request).limitKey(), protection.loginPerAddress());
        Response.ResponseBuilder response = Response.seeOther(urls.absolute("/auth/social/" + p.id() + "/callback"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if ("link".equals(flowKind)) {
            // Started by POST /auth/identities/{provider}/link, which set the flow cookie for this browser.
            flows.open(flowCookie).filter(f -> f.provider() == p && f.linkAccount() != null)
                    .orElseThrow(() -> new ProblemException(400, "link-not-started", "Link not started",
                            "Start linking with POST /auth/identities/" + p.id() + "/link while signed in."));
        } else {
            response.cookie(flows.start(p, returnUrls.resolve(returnTo)));
        }
        // A flow abandoned earlier in this browser leaves quarkus-oidc cookies that would make it
        // answer 401 instead of starting again: drop them.
        for (Cookie c : request.cookies()) {
            if (c.getName().startsWith(STATE_COOKIE_PREFIX + p.id()) || c.getName().startsWith(SESSION_COOKIE_PREFIX + p.id())) {
                response.cookie(new NewCookie.Builder(c.getName()).value("").path(cookiePath(p)).maxAge(0).build());
            }
        }
        return response.build();
    }

    @GET
    @Path("/callback")
    @Authenticated
    @AuthorizationCodeFlow
    @Operation(summary = "The provider's redirect target: finds or creates the account, sets the session cookie, redirects")
    public Response callback(@PathParam("provider") String provider, @CookieParam(SocialFlowCookies.NAME) String flowCookie,
                             @Context HttpServerRequest request) {
        SocialProvider p = providers.require(provider);
        ClientInfo client = ClientInfo.of(request);
        SocialFlowCookies.Flow flow = flows.open(flowCookie).orElse(null);
        if (flow == null && flowCookie != null && !flowCookie.isEmpty()) {
            // A flow cookie this instance cannot open (tampered, or written by another build during
            // an upgrade): it may have been a link, which must never turn into a sign-in.
            throw new ProblemException(400, "flow-unreadable", "Start again",
                    "This sign-in could not be matched to how it began. Start it again.");
        }
        if (flow != null && flow.provider() != p) {
            // Begun with one provider, returned on another's callback.
            throw new ProblemException(400, "provider-mismatch", "Provider mismatch",
                    "This sign-in was started with another provider.");
        }
        String returnTo = flow == null ? returnUrls.defaultUrl() : returnUrls.resolve(flow.returnTo());
        UUID linkAccount = flow == null ? null : flow.linkAccount();
        UUID linkSession = flow == null ? null : flow.linkSession();
        try {
            ProviderProfile profile = p == SocialProvider.GOOGLE ? google.read(identity) : github.read(identity);
            SocialLoginService.SignIn signIn = social.signIn(profile, linkAccount, linkSession, client);
            if (signIn.pending() != null) {
                // MFA on: the code step of the hosted page, carrying the pending sign-in in its cookie.
                URI step = urls.absolute(UriBuilder.fromPath("/login/mfa")
                        .queryParam("return_to", flow == null ? null : flow.returnTo()).build().toString());
                return Response.seeOther(step).header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .cookie(MfaCookie.issue(signIn.pending()), flows.clear()).build();
            }
            RefreshTokenService.Issued issued = signIn.issued();
            return Response.seeOther(URI.create(returnTo))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .cookie(sessions.issue(issued.response().refreshToken(), issued.absoluteExpiresAt()), flows.clear())
                    .build();
        } catch (SocialLoginRefused e) {
            URI page = urls.absolute(UriBuilder.fromPath("/login").queryParam("error", e.code())
                    .queryParam("return_to", flow == null ? null : flow.returnTo()).build().toString());
            return Response.seeOther(page).header(HttpHeaders.CACHE_CONTROL, "no-store").cookie(flows.clear()).build();
        }
    }

    static String cookiePath(SocialProvider p) {
        return "/auth/social/" + p.id();
    }
}
