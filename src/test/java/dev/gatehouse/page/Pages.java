package dev.gatehouse.page;

import dev.gatehouse.HttpBrowser;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers for the hosted-page tests: forms, the CSRF field, signing a cookie jar in through /login. */
public final class Pages {

    public static final String SESSION = "__Host-gatehouse-session";

    private Pages() {
    }

    public static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(i == 0 ? "" : "&").append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** The page's hidden CSRF field. */
    public static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    /** The CSRF token of this browser (fetching a page to get one when it has none yet). */
    public static String csrf(HttpBrowser b) {
        if (b.cookie(Csrf.COOKIE) == null) {
            b.get("/login");
        }
        String token = b.cookie(Csrf.COOKIE);
        assertNotNull(token);
        return token;
    }

    /** Signs the browser in on the hosted sign-in page; it holds the session cookie afterwards. */
    public static void signIn(HttpBrowser b, String email, String password) {
        String csrf = csrf(b.get("/login").body());
        HttpResponse<String> r = b.postForm("/login", form("csrf", csrf, "username", email, "password", password, "return_to", ""));
        assertEquals(303, r.statusCode(), r.body());
        assertNotNull(b.cookie(SESSION));
    }

    public static String text(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(html);
        assertTrue(m.find(), id + " in " + html);
        return m.group(1).strip();
    }
}
