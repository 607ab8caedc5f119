package dev.gatehouse.page;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.common.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.gatehouse.page.Pages.csrf;
import static dev.gatehouse.page.Pages.form;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recent-sign-in rule (GATEHOUSE_SESSION_RECENT_SIGN_IN, and the API keys' own window): turning
 * TOTP on and creating an API key from an old session ask to sign in again, on the page and the API.
 * Moves the injected clock, so it has no twin against the jar.
 */
@QuarkusTest
class RecentSignInPageTest {

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private HttpResponse<String> post(HttpBrowser b, String path, String... kv) {
        String[] all = new String[kv.length + 2];
        all[0] = "csrf";
        all[1] = csrf(b);
        System.arraycopy(kv, 0, all, 2, kv.length);
        return b.postForm(path, form(all));
    }

    @Test
    void mfaStartWhenSignInNotRecentThenSignInAgainOnPageAndApi() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String s = root.toString();
        HttpBrowser b = new HttpBrowser(s.substring(0, s.length() - 1));
        Pages.signIn(b, email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        assertEquals(200, post(b, "/account/mfa/start").statusCode(), "a fresh sign-in may");
        given().auth().oauth2(token).post("/auth/mfa/totp").then().statusCode(200);
        TestClock.advance(Duration.ofMinutes(11));
        HttpResponse<String> r = post(b, "/account/mfa/start");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("signed in within the last 10 minutes") && r.body().contains("id=\"reauth\""), r.body());
        HttpResponse<String> key = post(b, "/account/api-keys", "name", "ci", "days", "30", "scope", "openid");
        assertEquals(403, key.statusCode());
        given().auth().oauth2(token).post("/auth/mfa/totp").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("recent-sign-in-required"));
    }

}
