package dev.gatehouse.oidc;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.common.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.gatehouse.oidc.OidcFlows.*;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenID Provider's time rules, with the injected clock moved instead of sleeping. */
@QuarkusTest
class OidcClockTest {

    static final String RP = "https://rp.example.com/cb";

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    String base() {
        return root.toString().replaceAll("/$", "");
    }

    @Test
    void tokenWhenCodeOlderThanSixtySecondsThenInvalidGrant() {
        Client client = publicClient(RP);
        HttpBrowser b = signedInBrowser(base());
        Pkce late = Pkce.create();
        String lateCode = code(b, client, late);
        Pkce inTime = Pkce.create();
        String inTimeCode = code(b, client, inTime);
        TestClock.advance(Duration.ofSeconds(59));
        exchange(client, inTimeCode, inTime.verifier()).then().statusCode(200);
        TestClock.advance(Duration.ofSeconds(2));
        exchange(client, lateCode, late.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void authorizeWhenMaxAgeExceededThenSignInAgainAndAuthTimeKept() {
        Client client = publicClient(RP);
        HttpBrowser b = signedInBrowser(base());
        TestClock.advance(Duration.ofSeconds(120));
        HttpResponse<String> stale = authorize(b, request(client, Pkce.create(), "prompt", "none", "max_age", "60"));
        assertEquals("login_required", query(HttpBrowser.location(stale)).get("error"));
        HttpResponse<String> interactive = authorize(b, request(client, Pkce.create(), "max_age", "60"));
        assertTrue(HttpBrowser.location(interactive).startsWith("http://localhost:8081/login?"));
        Pkce pkce = Pkce.create();
        String code = code(b, client, pkce, "prompt", "none", "max_age", "300");
        Object authTime = jwt(exchange(client, code, pkce.verifier()).path("id_token"), 1).get("auth_time");
        long now = new TestClock().instant().getEpochSecond();
        assertTrue(((Number) authTime).longValue() <= now - 119, "auth_time is the sign-in, not the authorize: " + authTime);
    }

    @Test
    void authorizeWhenPromptLoginThenOldSessionNotEnoughAndNewSignInResumes() {
        Client client = publicClient(RP);
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpBrowser b = new HttpBrowser(base());
        signIn(b, email);
        TestClock.advance(Duration.ofSeconds(5));
        Pkce pkce = Pkce.create();
        HttpResponse<String> r = authorize(b, request(client, pkce, "prompt", "login"));
        String login = HttpBrowser.location(r);
        String returnTo = URLDecoder.decode(login.replaceAll(".*return_to=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        assertTrue(returnTo.startsWith("http://localhost:8081/oauth2/authorize?resume="), returnTo);
        // The old session does not satisfy the resumed request: back to the sign-in page.
        HttpResponse<String> resumedOld = b.get(returnTo);
        assertTrue(HttpBrowser.location(resumedOld).startsWith("http://localhost:8081/login?"), HttpBrowser.location(resumedOld));
        TestClock.advance(Duration.ofSeconds(1));
        String csrf = csrf(b.get(login).body());
        HttpResponse<String> signedIn = b.postForm("/login", form("username", email, "password", Api.PASSWORD, "csrf", csrf,
                "return_to", returnTo));
        assertEquals(303, signedIn.statusCode());
        assertEquals(returnTo, HttpBrowser.location(signedIn));
        HttpResponse<String> back = b.get(returnTo);
        String code = query(HttpBrowser.location(back)).get("code");
        assertNotNull(code, HttpBrowser.location(back));
        exchange(client, code, pkce.verifier()).then().statusCode(200);
    }
}
