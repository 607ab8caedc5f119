package dev.gatehouse.social;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GitHub end to end, and explicit linking and unlinking from a signed-in session. */
@QuarkusTest
class IdentityResourceTest {

    static final String APP = "https://app.example.com/app/home";

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    static long newGitHubId() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    }

    @Test
    void githubSignInWhenPrimaryEmailVerifiedThenAccountAndPkceSentToTheTokenEndpoint() throws Exception {
        long id = newGitHubId();
        String email = Api.uniqueEmail();
        SocialStandIns.nextGitHubUser(id, "octo-" + id, email, true);
        HttpBrowser b = browser();
        String authorize = SocialFlows.start(b, "github", APP);
        Map<String, String> q = SocialFlows.query(authorize);
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(SocialStandIns.GITHUB_CLIENT_ID, q.get("client_id"));
        HttpResponse<String> done = b.get(SocialFlows.authorize(authorize));
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(APP, HttpBrowser.location(done));

        // The verifier GitHub received: 32 random bytes, base64url, and it hashes to the challenge.
        String body = SocialStandIns.github.findAll(postRequestedFor(urlPathEqualTo("/login/oauth/access_token"))).stream()
                .map(r -> r.getBodyAsString()).filter(s -> s.contains("code_verifier")).reduce((a, c) -> c).orElseThrow();
        String verifier = SocialFlows.query("http://x/?" + body).get("code_verifier");
        assertTrue(verifier.matches("[A-Za-z0-9_-]{43}"), verifier);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(q.get("code_challenge"), challenge);
        SocialStandIns.github.verify(postRequestedFor(urlPathEqualTo("/login/oauth/access_token"))
                .withRequestBody(matching(".*code_verifier=" + verifier + ".*")));

        HttpResponse<String> refreshed = SocialFlows.refresh(b);
        String access = JsonPath.from(refreshed.body()).getString("access_token");
        assertTrue(Api.jwtField(access, 1, "amr").contains("github"));
        JsonPath me = JsonPath.from(given().auth().oauth2(access).get("/auth/me").then().statusCode(200).extract().asString());
        assertEquals(email, me.getString("email"));
        assertEquals(List.of("github"), me.getList("identities"));
    }

    @Test
    void githubSignInWhenPrimaryEmailUnverifiedThenNoAccount() {
        long id = newGitHubId();
        SocialStandIns.nextGitHubUser(id, "octo-" + id, Api.uniqueEmail(), false);
        HttpBrowser b = browser();
        HttpResponse<String> r = SocialFlows.signIn(b, "github", APP);
        assertTrue(HttpBrowser.location(r).contains("/login?error=email_unverified"), HttpBrowser.location(r));
        assertEquals(null, b.cookie("__Host-gatehouse-session"));
        assertEquals(0L, SocialSecurityTest.countIdentities("github", String.valueOf(id)));
    }

    @Test
    void linkWhenSignedInThenProviderIdentityJoinsTheAccountAndSignsInThereAfter() {
        String email = Api.uniqueEmail();
        String accountId = Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        HttpBrowser b = browser();
        // The app calls link with the access token in the browser's context (the cookie binds the flow to it).
        HttpResponse<String> started = b.postForm("/auth/identities/google/link?return_to=" + APP, "",
                "Authorization", "Bearer " + token);
        assertEquals(200, started.statusCode(), started.body());
        String next = JsonPath.from(started.body()).getString("authorization_url");
        assertTrue(next.endsWith("/auth/social/google/login?flow=link"), next);

        String subject = "g-link-" + UUID.randomUUID();
        // Google reports another address: an explicit link does not need the e-mails to match.
        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpResponse<String> toCallback = b.get(URI.create(next).getRawPath() + "?flow=link");
        assertEquals(303, toCallback.statusCode(), toCallback.body());
        HttpResponse<String> challenge = b.get(HttpBrowser.location(toCallback));
        HttpResponse<String> done = b.get(SocialFlows.authorize(HttpBrowser.location(challenge)));
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(APP, HttpBrowser.location(done));
        assertEquals(List.of("google"), SocialSecurityTest.identitiesOf(accountId));

        // From now on Google alone signs in to that account.
        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpBrowser later = browser();
        SocialFlows.signIn(later, "google", APP);
        assertEquals(accountId, SocialLoginResourceTest.subjectOf(later));

        // Unlink is allowed: the account still has its password.
        given().auth().oauth2(token).delete("/auth/identities/google").then().statusCode(204);
        assertEquals(List.of(), SocialSecurityTest.identitiesOf(accountId));
        given().auth().oauth2(token).delete("/auth/identities/google").then().statusCode(404);
    }

    @Test
    void linkWhenIdentityBelongsToAnotherAccountThenRefusedAndNothingMoves() {
        String subject = "g-owned-" + UUID.randomUUID();
        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpBrowser owner = browser();
        SocialFlows.signIn(owner, "google", APP);
        String ownerId = SocialLoginResourceTest.subjectOf(owner);

        String email = Api.uniqueEmail();
        String other = Api.register(email, Api.PASSWORD);
        HttpBrowser b = browser();
        HttpResponse<String> started = b.postForm("/auth/identities/google/link", "", "Authorization",
                "Bearer " + Api.login(email, Api.PASSWORD));
        assertEquals(200, started.statusCode());
        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpResponse<String> toCallback = b.get("/auth/social/google/login?flow=link");
        HttpResponse<String> challenge = b.get(HttpBrowser.location(toCallback));
        HttpResponse<String> done = b.get(SocialFlows.authorize(HttpBrowser.location(challenge)));
        assertTrue(HttpBrowser.location(done).contains("/login?error=identity_taken"), HttpBrowser.location(done));
        assertEquals(null, b.cookie("__Host-gatehouse-session"));
        assertEquals(List.of("google"), SocialSecurityTest.identitiesOf(ownerId));
        assertEquals(List.of(), SocialSecurityTest.identitiesOf(other));
    }

    @Test
    void linkFlowWhenNotStartedBySignedInCallerThenRefused() {
        HttpResponse<String> r = browser().get("/auth/social/google/login?flow=link");
        assertEquals(400, r.statusCode());
        given().post("/auth/identities/google/link").then().statusCode(401);
    }

    @Test
    void unlinkWhenLastWayToSignInThenConflict() {
        SocialStandIns.nextGoogleUser("g-only-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        HttpBrowser b = browser();
        SocialFlows.signIn(b, "google", APP);
        String access = JsonPath.from(SocialFlows.refresh(b).body()).getString("access_token");
        assertNotNull(access);
        given().auth().oauth2(access).delete("/auth/identities/google").then().statusCode(409);
        given().auth().oauth2(access).get("/auth/identities").then().statusCode(200)
                .body("provider", org.hamcrest.Matchers.contains("google"));
    }

    @Test
    void unlinkWhenOnlyAPasskeyRemainsThenAllowedAndThePasskeySignsIn() {
        SocialStandIns.nextGoogleUser("g-pk-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        HttpBrowser b = browser();
        SocialFlows.signIn(b, "google", APP);
        String access = JsonPath.from(SocialFlows.refresh(b).body()).getString("access_token");
        dev.gatehouse.passkey.SoftAuthenticator key = dev.gatehouse.passkey.PasskeyApi.authenticator();
        dev.gatehouse.passkey.PasskeyApi.register(access, key, "my phone");
        // No password, no other identity, but a passkey: a way to sign in remains.
        given().auth().oauth2(access).delete("/auth/identities/google").then().statusCode(204);
        given().auth().oauth2(access).get("/auth/identities").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        dev.gatehouse.passkey.PasskeyApi.signIn(key).then().statusCode(200);
    }
}
