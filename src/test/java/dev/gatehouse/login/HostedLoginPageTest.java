package dev.gatehouse.login;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hosted sign-in page over plain HTTP (the browser test drives it in Chromium). */
@QuarkusTest
class HostedLoginPageTest {

    static final String APP = "https://app.example.com/app/home";

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(i == 0 ? "" : "&").append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void pageWhenShownThenStrictHeadersLabelsAndOneButtonPerProvider() {
        HttpResponse<String> r = browser().get("/login?return_to=" + URLEncoder.encode(APP, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'")
                && csp.contains("form-action 'self' https://app.example.com"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElseThrow());
        assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElseThrow());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        String html = r.body();
        assertTrue(html.contains("<label for=\"username\">") && html.contains("<label for=\"password\">"));
        assertTrue(html.contains("autocomplete=\"current-password\""));
        // passkeys (issue 16): one external script, no inline script; the page works without it.
        assertEquals(1, html.split("<script", -1).length - 1, html);
        assertTrue(html.contains("<script src=\"/assets/passkeys.js\" defer></script>"), html);
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"), csp);
        assertTrue(html.contains("href=\"/auth/social/google/login?return_to=https%3A%2F%2Fapp.example.com%2Fapp%2Fhome\""), html);
        assertTrue(html.contains("Continue with GitHub"));
    }

    @Test
    void pageWhenReturnToNotAllowedThenNotCarriedAndMarkupEscaped() {
        String evil = "https://evil.example/\"><script>alert(1)</script>";
        HttpResponse<String> r = browser().get("/login?return_to=" + URLEncoder.encode(evil, StandardCharsets.UTF_8)
                + "&error=" + URLEncoder.encode("<b>x</b>", StandardCharsets.UTF_8));
        assertFalse(r.body().contains("evil.example"), r.body());
        assertFalse(r.body().contains("<b>x</b>"));
    }

    @Test
    void submitWhenCorrectPasswordThenSessionCookieAndRedirectToReturnTo() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpBrowser b = browser();
        String token = csrf(b.get("/login").body());
        HttpResponse<String> r = b.postForm("/login", form("username", email, "password", Api.PASSWORD,
                "return_to", APP, "csrf", token));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(APP, HttpBrowser.location(r));
        assertNotNull(b.cookie("__Host-gatehouse-session"));
        assertTrue(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("__Host-gatehouse-session=")
                && c.contains("Secure") && c.contains("HttpOnly") && c.contains("SameSite=Lax")));
        HttpResponse<String> refreshed = b.postForm("/auth/refresh", "", "X-Requested-With", "fetch");
        assertEquals(200, refreshed.statusCode(), refreshed.body());
    }

    @Test
    void submitWhenWrongPasswordOrUnknownUserThenTheSameGenericMessage() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpBrowser b = browser();
        String token = csrf(b.get("/login").body());
        HttpResponse<String> wrong = b.postForm("/login", form("username", email, "password", "Wrong-Harbor-0000", "csrf", token));
        HttpResponse<String> unknown = b.postForm("/login", form("username", Api.uniqueEmail(), "password", Api.PASSWORD, "csrf", token));
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertTrue(wrong.body().contains("The e-mail address or password is incorrect."));
        assertEquals(wrong.body().replace(email, "X"), unknown.body().replaceAll("u-[0-9a-f-]+@example.com", "X"));
        assertNull(b.cookie("__Host-gatehouse-session"));
    }

    @Test
    void submitWhenCsrfTokenMissingOrForeignThenForbiddenAndNoSession() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpBrowser victim = browser();
        victim.get("/login");
        // A cross-site form cannot know the token bound to the victim's cookie.
        HttpResponse<String> r = victim.postForm("/login", form("username", email, "password", Api.PASSWORD, "csrf", "guess"));
        assertEquals(403, r.statusCode());
        HttpResponse<String> none = browser().postForm("/login", form("username", email, "password", Api.PASSWORD));
        assertEquals(403, none.statusCode());
        assertNull(victim.cookie("__Host-gatehouse-session"));
    }

    @Test
    void signedInPageWhenShownThenNoStore() {
        HttpResponse<String> r = browser().get("/login/signed-in");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("You are signed in"));
    }
}
