package dev.gatehouse.client;

import dev.gatehouse.common.ProblemException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Redirect URIs of registered clients: checked when registered, compared exactly when used.
 * Registered: absolute, no fragment, no user info, at most 2048 visible ASCII characters;
 * {@code https}, or {@code http} on a loopback host only, or a private-use scheme with a dot
 * (RFC 8252 section 7.1, e.g. {@code com.example.app:/cb}). Used: the string must equal a
 * registered one character for character (scheme, host, port, path, query, trailing slash and
 * case all count). The one exception is RFC 8252 section 7.3: for a PUBLIC (native) client
 * registered with {@code http://127.0.0.1/...} or {@code http://[::1]/...}, any port matches,
 * everything else still exact. {@code localhost} gets no such freedom (RFC 8252 section 8.3).
 */
public final class RedirectUris {

    private RedirectUris() {
    }

    static List<String> checkedList(List<String> uris, String field, boolean required) {
        if (uris == null || uris.isEmpty()) {
            if (required) {
                throw ProblemException.invalid(field + "_missing", field + ": at least one redirect URI is required.");
            }
            return List.of();
        }
        if (uris.size() > 20) {
            throw ProblemException.invalid(field + "_invalid", field + ": at most 20.");
        }
        List<String> out = new ArrayList<>();
        for (String u : new LinkedHashSet<>(uris)) {
            if (!acceptable(u)) {
                throw ProblemException.invalid(field + "_invalid", field + ": absolute URIs without fragment; https, http on"
                        + " 127.0.0.1, [::1] or localhost, or a private-use scheme such as com.example.app:/callback.");
            }
            out.add(u);
        }
        return out;
    }

    static String checkedBackchannel(String uri) {
        URI u = parse(uri);
        if (!acceptable(uri) || u == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
            throw ProblemException.invalid("backchannel_logout_uri_invalid", "backchannelLogoutUri: an absolute https (or loopback http) URL.");
        }
        return uri;
    }

    private static boolean acceptable(String s) {
        if (s == null || s.isEmpty() || s.length() > 2048 || s.contains(" ") || s.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return false;
        }
        URI u = parse(s);
        if (u == null || !u.isAbsolute() || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            return false;
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return u.getHost() != null;
        }
        if (scheme.equals("http")) {
            return u.getHost() != null && isLoopbackHost(u.getHost());
        }
        return scheme.contains(".") && !scheme.equals("javascript") && !scheme.equals("data");
    }

    private static boolean isLoopbackHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("localhost");
    }

    /** Whether {@code presented} matches one of {@code registered} (see the class comment). */
    public static boolean matches(List<String> registered, String presented, boolean nativeClient) {
        if (presented == null || presented.isEmpty() || presented.length() > 2048) {
            return false;
        }
        for (String r : registered) {
            if (r.equals(presented)) {
                return true;
            }
            if (nativeClient && loopbackPortMatch(r, presented)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loopbackPortMatch(String registered, String presented) {
        URI r = parse(registered);
        URI p = parse(presented);
        if (r == null || p == null || !"http".equals(r.getScheme()) || !"http".equals(p.getScheme()) || r.getHost() == null
                || !(r.getHost().equals("127.0.0.1") || r.getHost().equals("[::1]")) || !r.getHost().equals(p.getHost())
                || p.getRawUserInfo() != null || p.getRawFragment() != null) {
            return false;
        }
        String rest = (r.getRawPath() == null ? "" : r.getRawPath()) + (r.getRawQuery() == null ? "" : "?" + r.getRawQuery());
        String prest = (p.getRawPath() == null ? "" : p.getRawPath()) + (p.getRawQuery() == null ? "" : "?" + p.getRawQuery());
        String withoutPort = "http://" + p.getHost() + prest;
        String withPort = "http://" + p.getHost() + ":" + p.getPort() + prest;
        // The presented string must be exactly scheme://host[:port] + the registered path and query.
        return rest.equals(prest) && (presented.equals(withoutPort) || (p.getPort() > 0 && presented.equals(withPort)));
    }

    private static URI parse(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
