package dev.gatehouse.common;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers on every response: no MIME sniffing, no referrer, no framing, and HSTS when the request
 * came over TLS (directly, or as a trusted proxy says through {@code X-Forwarded-Proto}).
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    /** The hosted pages' paths (login, sign-up, sign-out, account, and the lifecycle pages). */
    private static final java.util.List<String> PAGES = java.util.List.of("/login", "/signup", "/logout", "/account", "/forgot", "/reset", "/verify");

    static boolean hostedPage(String path) {
        if (path == null) {
            return false;
        }
        for (String p : PAGES) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            MultiMap h = rc.response().headers();
            h.set("X-Content-Type-Options", "nosniff");
            // The hosted pages send same-origin referrers only: under no-referrer a browser posts their
            // forms with "Origin: null", which the same-origin checks must refuse.
            h.set("Referrer-Policy", hostedPage(rc.request().path()) ? "same-origin" : "no-referrer");
            h.set("X-Frame-Options", "DENY");
            boolean tls = rc.request().isSSL()
                    || ("https".equalsIgnoreCase(rc.request().getHeader("X-Forwarded-Proto")) && ClientInfo.fromTrustedProxy(rc.request()));
            if (tls) {
                h.set("Strict-Transport-Security", HSTS);
            }
            rc.next();
        });
    }
}
