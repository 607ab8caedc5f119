package dev.gatehouse.session;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.page.Pages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;

import static dev.gatehouse.page.Pages.csrf;
import static dev.gatehouse.page.Pages.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hosted sign-out page: GET asks, POST with the CSRF token ends this browser's session. */
@QuarkusTest
class LogoutPageTest {

    @TestHTTPResource("/")
    URL root;

    HttpBrowser signedIn() {
        String s = root.toString();
        HttpBrowser b = new HttpBrowser(s.substring(0, s.length() - 1));
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        Pages.signIn(b, email, Api.PASSWORD);
        return b;
    }

    /** Whether the browser's session still refreshes. */
    static int refresh(HttpBrowser b, String cookie) {
        b.setCookie(Pages.SESSION, cookie, "/");
        return b.postForm("/auth/refresh", "", "X-Requested-With", "test").statusCode();
    }

    @Test
    void logoutWhenGetThenConfirmFormAndStillSignedIn() {
        HttpBrowser b = signedIn();
        HttpResponse<String> r = b.get("/logout");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("action=\"/logout\"") && r.body().contains("name=\"csrf\""), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(200, b.get("/account").statusCode(), "a GET signs nobody out");
    }

    @Test
    void logoutWhenCsrfMissingOrWrongThenRefusedAndSessionLives() {
        HttpBrowser b = signedIn();
        b.get("/logout");
        assertEquals(403, b.postForm("/logout", "").statusCode());
        assertEquals(403, b.postForm("/logout", form("csrf", "x".repeat(43))).statusCode());
        assertEquals(200, b.get("/account").statusCode());
    }

    @Test
    void logoutWhenConfirmedThenFamilyEndedCookieClearedAndSignedOutPage() {
        HttpBrowser b = signedIn();
        String cookie = b.cookie(Pages.SESSION);
        HttpResponse<String> r = b.postForm("/logout", form("csrf", csrf(b.get("/logout").body())));
        assertEquals(303, r.statusCode());
        assertEquals(root + "logout/done", HttpBrowser.location(r));
        assertTrue(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(Pages.SESSION + "=;") && c.contains("Max-Age=0")),
                r.headers().allValues("Set-Cookie").toString());
        assertNull(b.cookie(Pages.SESSION));
        HttpResponse<String> done = b.get("/logout/done");
        assertEquals(200, done.statusCode());
        assertTrue(done.body().contains("You are signed out") && done.body().contains("href=\"/login\""), done.body());
        // The family is over: its refresh token no longer works, even when presented again.
        assertEquals(400, refresh(b, cookie));
        assertEquals(303, b.get("/account").statusCode());
    }

    @Test
    void logoutWhenNotSignedInThenSaysSoAndLinksToSignIn() {
        String s = root.toString();
        HttpBrowser b = new HttpBrowser(s.substring(0, s.length() - 1));
        HttpResponse<String> r = b.get("/logout", "Accept-Language", "de");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("nicht angemeldet") && r.body().contains("<html lang=\"de\">"), r.body());
        assertFalse(r.body().contains("action=\"/logout\""));
    }
}
