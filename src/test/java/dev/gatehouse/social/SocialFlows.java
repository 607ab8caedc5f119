package dev.gatehouse.social;

import dev.gatehouse.HttpBrowser;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps of a social sign-in as a browser takes them; shared by the social tests and their *IT twins. */
final class SocialFlows {

    private static final HttpClient PROVIDER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SocialFlows() {
    }

    /** Our start and quarkus-oidc's challenge: answers the provider's authorization URL. */
    static String start(HttpBrowser browser, String provider, String returnTo) {
        String path = "/auth/social/" + provider + "/login"
                + (returnTo == null ? "" : "?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
        HttpResponse<String> started = browser.get(path);
        assertEquals(303, started.statusCode(), started.body());
        assertTrue(HttpBrowser.location(started).endsWith("/auth/social/" + provider + "/callback"));
        HttpResponse<String> challenge = browser.get(HttpBrowser.location(started));
        assertEquals(302, challenge.statusCode(), challenge.body());
        String authorize = HttpBrowser.location(challenge);
        assertNotNull(authorize);
        return authorize;
    }

    /** The provider's side: it authenticates the (enqueued) user and redirects back with code and state. */
    static String authorize(String authorizationUrl) {
        try {
            HttpResponse<String> r = PROVIDER.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET()
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, r.statusCode(), r.body());
            return HttpBrowser.location(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A whole sign-in; answers our final response (a redirect with the session cookie, or the hosted page). */
    static HttpResponse<String> signIn(HttpBrowser browser, String provider, String returnTo) {
        return browser.get(authorize(start(browser, provider, returnTo)));
    }

    /** The session cookie traded for an access token, as a single-page app does. */
    static HttpResponse<String> refresh(HttpBrowser browser) {
        return browser.postForm("/auth/refresh", "", "X-Requested-With", "fetch");
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static String withQuery(String url, Map<String, String> params) {
        String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        StringBuilder sb = new StringBuilder(base);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}
