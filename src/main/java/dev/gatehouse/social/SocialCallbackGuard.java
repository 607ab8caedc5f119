package dev.gatehouse.social;

import dev.gatehouse.common.Problem;
import dev.gatehouse.common.PublicUrls;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * Checks a provider's redirect before anything else looks at it: exactly one {@code state}, and this
 * browser holds the state cookie that quarkus-oidc set for exactly that state at this provider
 * (cookie {@code q_auth_<provider>_<state>}, scoped to the provider's path, removed on first use).
 * A missing, wrong, replayed, foreign-browser or other-provider state is a 400 before any code is
 * exchanged. A provider's {@code error} (the person cancelled) goes back to the hosted page.
 */
@ApplicationScoped
public class SocialCallbackGuard {

    private final SocialProviders providers;
    private final PublicUrls urls;

    public SocialCallbackGuard(SocialProviders providers, PublicUrls urls) {
        this.providers = providers;
        this.urls = urls;
    }

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, "/auth/social/([a-z]+)/callback").order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    void check(RoutingContext rc) {
        // quarkus-oidc's own session cookie (the provider's tokens) is needed by nothing after the
        // callback: ours is the session. Drop it from every callback response.
        String provider0 = rc.pathParam("param0");
        rc.addHeadersEndHandler(v -> rc.response().removeCookies(SocialLoginResource.SESSION_COOKIE_PREFIX + provider0, true));
        MultiMap params = rc.queryParams();
        if (!params.contains("code") && !params.contains("state") && !params.contains("error")) {
            rc.next(); // no redirect from a provider: quarkus-oidc starts a flow
            return;
        }
        SocialProvider provider = SocialProvider.byId(rc.pathParam("param0")).filter(providers::isEnabled).orElse(null);
        if (provider == null) {
            rc.next(); // the resource answers 404
            return;
        }
        List<String> states = params.getAll("state");
        Cookie stateCookie = states.size() == 1 && !states.get(0).isEmpty()
                ? rc.request().getCookie(SocialLoginResource.STATE_COOKIE_PREFIX + provider.id() + "_" + states.get(0))
                : null;
        if (stateCookie == null) {
            refuse(rc, "invalid-state", "Invalid state",
                    "This sign-in response does not belong to a sign-in started in this browser, or was already used. Start again.");
            return;
        }
        if (params.contains("error")) {
            rc.response().addCookie(Cookie.cookie(stateCookie.getName(), "").setPath(SocialLoginResource.cookiePath(provider)).setMaxAge(0));
            rc.response().setStatusCode(303).putHeader("Location", urls.absolute("/login?error=" + SocialLoginRefused.PROVIDER_ERROR).toString())
                    .putHeader("Cache-Control", "no-store").end();
            return;
        }
        if (params.getAll("code").size() != 1) {
            refuse(rc, "invalid-request", "Invalid request", "The sign-in response carries no single authorization code.");
            return;
        }
        rc.next();
    }

    private static void refuse(RoutingContext rc, String slug, String title, String detail) {
        Problem p = Problem.of(400, slug, title, detail);
        rc.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("type", p.type()).put("title", p.title()).put("status", p.status())
                        .put("detail", p.detail()).encode());
    }
}
