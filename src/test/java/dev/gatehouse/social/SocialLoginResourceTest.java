package dev.gatehouse.social;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Google round trip against a real OIDC server, and the hand-off to a web app. */
@QuarkusTest
class SocialLoginResourceTest {

    static final String APP = "https://app.example.com/app/home";

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    @Test
    void googleSignInWhenNewVerifiedUserThenAccountSessionCookieAndRedirectToReturnTo() {
        String email = Api.uniqueEmail();
        SocialStandIns.nextGoogleUser("google-" + UUID.randomUUID(), email, true);
        HttpBrowser b = browser();

        String authorize = SocialFlows.start(b, "google", APP);
        Map<String, String> q = SocialFlows.query(authorize);
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertNotNull(q.get("nonce"));
        assertNotNull(q.get("state"));
        assertTrue(q.get("redirect_uri").endsWith("/auth/social/google/callback"), q.get("redirect_uri"));

        HttpResponse<String> done = b.get(SocialFlows.authorize(authorize));
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(APP, HttpBrowser.location(done));
        assertNotNull(b.cookie("__Host-gatehouse-session"));
        // No token in the URL, and quarkus-oidc's own session and state cookies are gone.
        assertTrue(!HttpBrowser.location(done).contains("token"));
        assertTrue(b.cookies().keySet().stream().noneMatch(n -> n.startsWith("q_session") || n.startsWith("q_auth")), b.cookies().toString());

        HttpResponse<String> refreshed = SocialFlows.refresh(b);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String access = JsonPath.from(refreshed.body()).getString("access_token");
        assertTrue(Api.jwtField(access, 1, "amr").contains("google"), Api.jwtField(access, 1, "amr"));

        JsonPath me = JsonPath.from(io.restassured.RestAssured.given().auth().oauth2(access).get("/auth/me").then()
                .statusCode(200).extract().asString());
        assertEquals(email, me.getString("email"));
        assertTrue(me.getBoolean("emailVerified"));
        assertEquals(List.of("google"), me.getList("identities"));
    }

    @Test
    void googleSignInWhenSameSubjectAgainThenSameAccount() {
        String subject = "google-" + UUID.randomUUID();
        String email = Api.uniqueEmail();
        SocialStandIns.nextGoogleUser(subject, email, true);
        HttpBrowser first = browser();
        SocialFlows.signIn(first, "google", APP);
        String firstSub = subjectOf(first);
        // The provider now reports another e-mail: the subject decides.
        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpBrowser second = browser();
        SocialFlows.signIn(second, "google", APP);
        assertEquals(firstSub, subjectOf(second));
    }

    @Test
    void loginWhenReturnToNotAllowListedThenDefaultPage() {
        for (String evil : List.of("https://evil.example/app", "https://app.example.com.evil.example/app",
                "https://app.example.com/application", "https://app.example.com/app/../admin",
                "https://user@app.example.com/app", "//evil.example/app", "javascript:alert(1)",
                "http://app.example.com/app", "https://app.example.com:8443/app")) {
            SocialStandIns.nextGoogleUser("google-" + UUID.randomUUID(), Api.uniqueEmail(), true);
            HttpResponse<String> done = SocialFlows.signIn(browser(), "google", evil);
            assertEquals(303, done.statusCode(), evil);
            assertEquals(root + "login/signed-in", HttpBrowser.location(done), evil);
        }
    }

    @Test
    void loginWhenProviderUnknownThenNotFound() {
        HttpResponse<String> r = browser().get("/auth/social/facebook/login");
        assertEquals(404, r.statusCode());
    }

    static String subjectOf(HttpBrowser b) {
        HttpResponse<String> r = SocialFlows.refresh(b);
        assertEquals(200, r.statusCode(), r.body());
        return Api.jwtField(JsonPath.from(r.body()).getString("access_token"), 1, "sub");
    }
}
