package dev.gatehouse.session;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.HostCookie;
import dev.gatehouse.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The web-session cookie and the cross-site checks that guard every state change it authorises.
 * The cookie carries the family's current refresh token: {@code __Host-} prefix, Secure,
 * HttpOnly, Path=/, SameSite=Lax, no Domain.
 */
@ApplicationScoped
public class SessionCookies {

    public static final String NAME = "__Host-gatehouse-session";
    /** Any value will do; a cross-site form cannot set a custom header. */
    public static final String CSRF_HEADER = "X-Requested-With";

    private final Set<String> allowedOrigins = new HashSet<>();
    private final Clock clock;

    public SessionCookies(GatehouseConfig config, SessionConfig sessions, Clock clock) {
        this.clock = clock;
        allowedOrigins.add(origin(config.issuer()));
        sessions.allowedOrigins().ifPresent(list -> list.forEach(o -> allowedOrigins.add(origin(o))));
    }

    public NewCookie issue(String refreshToken, Instant expiresAt) {
        long maxAge = Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds());
        return cookie(refreshToken, (int) Math.min(Integer.MAX_VALUE, maxAge));
    }

    public NewCookie clear() {
        return cookie("", 0);
    }

    private static NewCookie cookie(String value, int maxAge) {
        return HostCookie.of(NAME, value, maxAge, NewCookie.SameSite.LAX);
    }

    /** 403 unless the request carries the custom header and, if it names one, an allowed Origin. */
    public void requireSameSite(HttpHeaders headers) {
        String custom = headers.getHeaderString(CSRF_HEADER);
        String origin = headers.getHeaderString("Origin");
        if (custom == null || custom.isBlank() || (origin != null && !allowedOrigins.contains(origin(origin)))) {
            throw new ProblemException(403, "cross-site-request", "Cross-site request refused",
                    "A cookie-authenticated request must come from an allowed origin and carry the "
                            + CSRF_HEADER + " header.");
        }
    }

    private static String origin(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return url.trim().toLowerCase(Locale.ROOT);
            }
            int port = u.getPort();
            return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return "invalid";
        }
    }
}
