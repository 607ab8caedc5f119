package dev.gatehouse.common;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Absolute URLs of this service, built from {@code GATEHOUSE_ISSUER} and never from the request's
 * {@code Host} or forwarded headers (DESIGN.md): redirects, {@code Location} headers, the social
 * {@code redirect_uri}. Also tells whether the issuer is plain HTTP on a host where browsers drop
 * {@code Secure} cookies, which breaks the hosted page and social login.
 */
@ApplicationScoped
public class PublicUrls {

    /** Hosts that browsers treat as secure contexts over plain HTTP (they keep Secure cookies there). */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final String issuer;
    private final boolean secureCookiesDropped;

    public PublicUrls(GatehouseConfig config) {
        URI u = parseIssuer(config.issuer());
        this.issuer = config.issuer();
        this.secureCookiesDropped = dropsSecureCookies(u);
    }

    /** The issuer as configured (already checked: no trailing slash, query or fragment). */
    public String issuer() {
        return issuer;
    }

    /** {@code pathOrUrl} as an absolute URL: an absolute URL stays, a path ("/x") goes under the issuer. */
    public URI absolute(String pathOrUrl) {
        URI u = URI.create(pathOrUrl);
        if (u.isAbsolute()) {
            return u;
        }
        if (!pathOrUrl.startsWith("/") || pathOrUrl.startsWith("//")) {
            throw new IllegalArgumentException("not a path: " + pathOrUrl);
        }
        return URI.create(issuer + pathOrUrl);
    }

    /** True when the issuer is {@code http://} on a host other than loopback: browsers drop our {@code __Host-} cookies. */
    public boolean secureCookiesDropped() {
        return secureCookiesDropped;
    }

    /** What an operator must read when {@link #secureCookiesDropped()}. */
    public String secureCookiesDroppedMessage() {
        return "GATEHOUSE_ISSUER is " + issuer + ": plain HTTP on a host that is not localhost. Browsers drop the"
                + " hosted page's __Host- cookies (they are Secure) there, so signing in on the hosted page and with"
                + " Google or GitHub cannot work. Serve Gatehouse over HTTPS (a TLS-terminating proxy is fine) and set"
                + " GATEHOUSE_ISSUER to its https:// URL.";
    }

    /**
     * The issuer as a URI, or an {@link IllegalStateException} that says what is wrong with it:
     * an absolute {@code http} or {@code https} URL with a host, no user info, query, fragment or
     * trailing slash (RFC 8414: the issuer has no query or fragment; a trailing slash would make
     * {@code iss} differ from what verifiers are told and break every URL built under it).
     */
    public static URI parseIssuer(String issuer) {
        String problem = null;
        URI u = null;
        try {
            u = new URI(issuer);
        } catch (URISyntaxException e) {
            problem = "not a URL";
        }
        if (problem == null) {
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                problem = "it must start with https:// (or http:// on localhost)";
            } else if (u.getHost() == null || u.getHost().isEmpty()) {
                problem = "it has no host";
            } else if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                problem = "it must have no user info, query or fragment";
            } else if (u.getRawPath() != null && u.getRawPath().endsWith("/")) {
                problem = "it must not end with a slash";
            }
        }
        if (problem != null) {
            throw new IllegalStateException("GATEHOUSE_ISSUER must be the public base URL of this service, such as"
                    + " https://auth.example.com: " + problem + " (got '" + issuer + "').");
        }
        return u;
    }

    static boolean dropsSecureCookies(URI issuer) {
        if (!"http".equalsIgnoreCase(issuer.getScheme())) {
            return false;
        }
        String host = issuer.getHost().toLowerCase(Locale.ROOT);
        return !(LOOPBACK_NAMES.contains(host) || host.endsWith(".localhost") || host.matches("127\\.\\d+\\.\\d+\\.\\d+"));
    }
}
