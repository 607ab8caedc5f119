package dev.gatehouse.session;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.PublicUrls;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a browser may be sent after signing in: only to URLs on the allow-list
 * ({@code GATEHOUSE_ALLOWED_RETURN_URLS}), compared by exact origin (scheme, host, port) and path
 * prefix on whole segments; anything else, or anything odd (user info, backslashes, encoded
 * slashes or dots, fragments), gets the default page. Every URL it answers is absolute: a default
 * given as a path is put under {@code GATEHOUSE_ISSUER}, so a redirect never depends on the
 * request's {@code Host}.
 */
@ApplicationScoped
public class ReturnUrls {

    private record Allowed(String origin, String pathPrefix) {
    }

    private final List<Allowed> allowed = new ArrayList<>();
    private final String defaultUrl;
    private final Allowed authorize;
    private final Allowed account;

    public ReturnUrls(GatehouseConfig config, PublicUrls urls) {
        this.defaultUrl = urls.absolute(config.defaultReturnUrl()).toString();
        // The OpenID Provider's authorization endpoint: the hosted page resumes a pending
        // authorization request there (oidc package).
        // (Same origin as the hosted page: 'self' in its CSP already, so not in allowedOrigins().)
        URI authorize = urls.absolute("/oauth2/authorize");
        this.authorize = new Allowed(origin(authorize), authorize.getRawPath());
        // The hosted account pages (packages page and passkey) send a browser without a session to sign in and back.
        URI account = urls.absolute("/account");
        this.account = new Allowed(origin(account), account.getRawPath());
        config.allowedReturnUrls().ifPresent(list -> list.forEach(entry -> {
            URI u = parse(entry.trim());
            if (u == null || u.getHost() == null) {
                throw new IllegalStateException("GATEHOUSE_ALLOWED_RETURN_URLS: not an absolute URL: " + entry);
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            allowed.add(new Allowed(origin(u), path));
        }));
    }

    /** {@code returnTo} when it is allowed, else the default page; always an absolute URL. */
    public String resolve(String returnTo) {
        return isAllowed(returnTo) ? returnTo : defaultUrl;
    }

    public boolean isAllowed(String returnTo) {
        if (returnTo == null || returnTo.isEmpty() || returnTo.length() > 2048
                || returnTo.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == '\\')) {
            return false;
        }
        URI u = parse(returnTo);
        if (u == null || !u.isAbsolute() || u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
            return false;
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || path.contains("/../")
                || path.endsWith("/..") || path.contains("/./") || path.contains("//")) {
            return false;
        }
        String origin = origin(u);
        if (authorize.origin().equals(origin) && path.equals(authorize.pathPrefix())) {
            return true;
        }
        if (account.origin().equals(origin) && u.getRawQuery() == null
                && (path.equals(account.pathPrefix()) || path.equals(account.pathPrefix() + "/passkeys"))) {
            return true;
        }
        for (Allowed a : allowed) {
            if (a.origin().equals(origin) && underPrefix(path, a.pathPrefix())) {
                return true;
            }
        }
        return false;
    }

    /** The allowed origins as CSP source expressions ({@code scheme://host[:port]}). */
    public List<String> allowedOrigins() {
        return allowed.stream().map(a -> {
            URI u = URI.create(a.origin());
            boolean defaultPort = ("https".equals(u.getScheme()) && u.getPort() == 443) || ("http".equals(u.getScheme()) && u.getPort() == 80);
            return u.getScheme() + "://" + u.getHost() + (defaultPort ? "" : ":" + u.getPort());
        }).distinct().toList();
    }

    public String defaultUrl() {
        return defaultUrl;
    }

    private static boolean underPrefix(String path, String prefix) {
        if (prefix.endsWith("/")) {
            return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
        }
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        if (port == -1) {
            port = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        }
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static URI parse(String s) {
        try {
            return new URI(s);
        } catch (Exception e) {
            return null;
        }
    }
}
