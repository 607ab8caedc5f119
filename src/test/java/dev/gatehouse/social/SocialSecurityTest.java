package dev.gatehouse.social;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY-CASES.md 14-22: the OAuth/OIDC client side, one test (or more) each. */
@QuarkusTest
class SocialSecurityTest {

    static final String APP = "https://app.example.com/app/home";

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    private static void assertRefusedWithoutSession(HttpResponse<String> r, HttpBrowser b, String type) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("urn:gatehouse:problem:" + type), r.body());
        assertNull(b.cookie("__Host-gatehouse-session"));
    }

    // 14 ------------------------------------------------------------------------------------

    @Test
    void callbackWhenStateMissingThenBadRequestBeforeExchange() {
        HttpBrowser b = browser();
        String back = SocialFlows.authorize(SocialFlows.start(b, "google", APP));
        Map<String, String> q = SocialFlows.query(back);
        q.remove("state");
        assertRefusedWithoutSession(b.get(SocialFlows.withQuery(back, q)), b, "invalid-state");
    }

    @Test
    void callbackWhenStateWrongThenBadRequest() {
        HttpBrowser b = browser();
        String back = SocialFlows.authorize(SocialFlows.start(b, "google", APP));
        Map<String, String> q = SocialFlows.query(back);
        q.put("state", UUID.randomUUID().toString());
        assertRefusedWithoutSession(b.get(SocialFlows.withQuery(back, q)), b, "invalid-state");
    }

    @Test
    void callbackWhenFromAnotherBrowserThenBadRequestAndTheCodeStaysUnused() {
        HttpBrowser victim = browser();
        SocialStandIns.nextGoogleUser("g-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        String back = SocialFlows.authorize(SocialFlows.start(victim, "google", APP));
        HttpBrowser other = browser();
        assertRefusedWithoutSession(other.get(back), other, "invalid-state");
        // Refused before any exchange: the code still works in the browser that started the flow.
        HttpResponse<String> done = victim.get(back);
        assertEquals(303, done.statusCode(), done.body());
        assertNotNull(victim.cookie("__Host-gatehouse-session"));
    }

    @Test
    void callbackWhenReplayedThenBadRequest() {
        HttpBrowser b = browser();
        SocialStandIns.nextGoogleUser("g-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        String back = SocialFlows.authorize(SocialFlows.start(b, "google", APP));
        assertEquals(303, b.get(back).statusCode());
        String session = b.cookie("__Host-gatehouse-session");
        HttpResponse<String> replay = b.get(back);
        assertEquals(400, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("invalid-state"));
        assertEquals(session, b.cookie("__Host-gatehouse-session"), "the replay set no new session");
    }

    // 15 ------------------------------------------------------------------------------------

    @Test
    void startWhenTwoLoginsThenFreshS256ChallengeAndStateEachTime() {
        Map<String, String> first = SocialFlows.query(SocialFlows.start(browser(), "google", APP));
        Map<String, String> second = SocialFlows.query(SocialFlows.start(browser(), "google", APP));
        assertEquals("S256", first.get("code_challenge_method"));
        assertEquals("S256", second.get("code_challenge_method"));
        assertTrue(first.get("code_challenge").matches("[A-Za-z0-9_-]{43}"));
        assertNotEquals(first.get("code_challenge"), second.get("code_challenge"));
        assertNotEquals(first.get("state"), second.get("state"));
        assertNotEquals(first.get("nonce"), second.get("nonce"));
    }

    // 16 ------------------------------------------------------------------------------------

    @Test
    void callbackWhenCodeFromAnotherBrowsersFlowThenExchangeFailsAndNobodyIsSignedIn() {
        String attackerSubject = "g-attacker-" + UUID.randomUUID();
        SocialStandIns.nextGoogleUser(attackerSubject, Api.uniqueEmail(), true);
        long before = countAllIdentities();
        HttpBrowser attacker = browser();
        String attackerCode = SocialFlows.query(SocialFlows.authorize(SocialFlows.start(attacker, "google", APP))).get("code");

        HttpBrowser victim = browser();
        String victimBack = SocialFlows.authorize(SocialFlows.start(victim, "google", APP));
        Map<String, String> q = SocialFlows.query(victimBack);
        q.put("code", attackerCode);
        HttpResponse<String> r = victim.get(SocialFlows.withQuery(victimBack, q));
        assertRefusedWithoutSession(r, victim, "social-login-failed");
        // The code was bound to the attacker's PKCE verifier: nothing was created or linked.
        assertEquals(0L, countIdentities("google", attackerSubject));
        assertEquals(before, countAllIdentities());
    }

    // 17 ------------------------------------------------------------------------------------

    @Test
    void callbackWhenFlowBegunAtGoogleReturnsOnGitHubCallbackThenRefused() {
        HttpBrowser b = browser();
        SocialStandIns.nextGoogleUser("g-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        String back = SocialFlows.authorize(SocialFlows.start(b, "google", APP));
        String onGitHub = back.replace("/auth/social/google/callback", "/auth/social/github/callback");
        assertRefusedWithoutSession(b.get(onGitHub), b, "invalid-state");
    }

    @Test
    void callbackWhenTheFlowCookieCannotBeOpenedThenRefusedRatherThanASignIn() {
        // A link begun under another build (or a tampered cookie) must not come back as a sign-in
        // with the provider's identity, which could join or create another account.
        HttpBrowser b = browser();
        SocialStandIns.nextGoogleUser("g-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        String back = SocialFlows.authorize(SocialFlows.start(b, "google", APP));
        assertTrue(b.cookie(SocialFlowCookies.NAME) != null, "the flow cookie was set");
        long before = countAllIdentities();
        b.setCookie(SocialFlowCookies.NAME, "written-by-an-older-build", "/");
        assertRefusedWithoutSession(b.get(back), b, "flow-unreadable");
        assertEquals(before, countAllIdentities());
    }

    // 19 ------------------------------------------------------------------------------------

    @Test
    void callbackWhenIdTokenSignatureBadThenRefused() {
        assertIdTokenRefused(claims -> { }, true);
    }

    @Test
    void callbackWhenIdTokenIssuerForeignThenRefused() {
        assertIdTokenRefused(claims -> claims.put("iss", "https://accounts.evil.example"), false);
    }

    @Test
    void callbackWhenIdTokenAudienceNotOurClientThenRefused() {
        assertIdTokenRefused(claims -> claims.put("aud", List.of("someone-else")), false);
    }

    @Test
    void callbackWhenIdTokenWithoutSubjectThenRefused() {
        assertIdTokenRefused(claims -> claims.remove("sub"), false);
    }

    @Test
    void callbackWhenIdTokenNonceWrongThenRefused() {
        assertIdTokenRefused(claims -> claims.put("nonce", "not-the-nonce-of-this-browser"), false);
    }

    @Test
    void callbackWhenIdTokenExpiredThenRefused() {
        assertIdTokenRefused(claims -> {
            claims.put("iat", Instant.now().minusSeconds(7200).getEpochSecond());
            claims.put("exp", Instant.now().minusSeconds(3600).getEpochSecond());
        }, false);
    }

    /**
     * The provider's token endpoint answers an ID token that is right but for one thing; the
     * control (nothing changed) must sign in, so each refusal is caused by the change alone.
     */
    private void assertIdTokenRefused(Consumer<Map<String, Object>> spoil, boolean breakSignature) {
        String subject = "g-" + UUID.randomUUID();
        HttpResponse<String> control = callbackWithIdToken(subject, c -> { }, false);
        assertEquals(303, control.statusCode(), control.body());

        String spoiledSubject = "g-" + UUID.randomUUID();
        HttpBrowser b = browser();
        String authorize = SocialFlows.start(b, "google", APP);
        HttpResponse<String> r = b.get(exchangeAnswering(authorize, spoiledSubject, spoil, breakSignature));
        assertRefusedWithoutSession(r, b, "social-login-failed");
        assertEquals(0L, countIdentities("google", spoiledSubject));
    }

    private HttpResponse<String> callbackWithIdToken(String subject, Consumer<Map<String, Object>> spoil, boolean breakSignature) {
        HttpBrowser b = browser();
        String authorize = SocialFlows.start(b, "google", APP);
        HttpResponse<String> r = b.get(exchangeAnswering(authorize, subject, spoil, breakSignature));
        restoreGoogle();
        return r;
    }

    /** Walks the authorize step, then makes the token endpoint's next answer carry our ID token. */
    private static String exchangeAnswering(String authorize, String subject, Consumer<Map<String, Object>> spoil,
                                            boolean breakSignature) {
        String nonce = SocialFlows.query(authorize).get("nonce");
        String back = SocialFlows.authorize(authorize);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", SocialStandIns.googleIssuer());
        claims.put("sub", subject);
        claims.put("aud", List.of(SocialStandIns.GOOGLE_CLIENT_ID));
        claims.put("nonce", nonce);
        claims.put("email", Api.uniqueEmail());
        claims.put("email_verified", true);
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("exp", Instant.now().plusSeconds(600).getEpochSecond());
        spoil.accept(claims);
        String idToken = sign(claims);
        if (breakSignature) {
            int at = idToken.lastIndexOf('.') + 10;
            idToken = idToken.substring(0, at) + (idToken.charAt(at) == 'A' ? 'B' : 'A') + idToken.substring(at + 1);
        }
        answer = SocialStandIns.answerNextGoogleTokenRequest("{\"access_token\":\"at-" + UUID.randomUUID()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\"" + idToken + "\"}");
        return back;
    }

    private static StubMapping answer;

    /** Signs claims with the Google stand-in's own key, as the real provider would. */
    private static String sign(Map<String, Object> claims) {
        try {
            RSAKey key = SocialStandIns.googleKeys.signingKey("google").toRSAKey();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), JWTClaimsSet.parse(new HashMap<>(claims)));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void restoreGoogle() {
        if (answer != null) {
            SocialStandIns.googleFront.removeStub(answer);
            answer = null;
        }
    }

    // 20 ------------------------------------------------------------------------------------

    @Test
    void githubSignInWhenLoginRenamedThenSameAccount() {
        long id = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        String email = Api.uniqueEmail();
        SocialStandIns.nextGitHubUser(id, "octo-old-" + id, email, true);
        HttpBrowser first = browser();
        assertEquals(303, SocialFlows.signIn(first, "github", APP).statusCode());
        SocialStandIns.nextGitHubUser(id, "octo-new-" + id, email, true);
        HttpBrowser second = browser();
        assertEquals(303, SocialFlows.signIn(second, "github", APP).statusCode());
        assertEquals(SocialLoginResourceTest.subjectOf(first), SocialLoginResourceTest.subjectOf(second));
        // A different GitHub user who takes over the old login name is a different identity.
        long other = id + 1_000_000_000L;
        SocialStandIns.nextGitHubUser(other, "octo-old-" + id, Api.uniqueEmail(), true);
        HttpBrowser third = browser();
        assertEquals(303, SocialFlows.signIn(third, "github", APP).statusCode());
        assertNotEquals(SocialLoginResourceTest.subjectOf(first), SocialLoginResourceTest.subjectOf(third));
    }

    // 21 ------------------------------------------------------------------------------------

    @Test
    void googleSignInWhenVictimEmailNotVerifiedByProviderThenNeverLinkedNorCreated() {
        String victimEmail = Api.uniqueEmail();
        long ghId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        // The victim's account has a verified e-mail (made through GitHub, which vouched for it).
        SocialStandIns.nextGitHubUser(ghId, "victim-" + ghId, victimEmail, true);
        HttpBrowser victim = browser();
        assertEquals(303, SocialFlows.signIn(victim, "github", APP).statusCode());
        String victimSub = SocialLoginResourceTest.subjectOf(victim);

        String attackerSubject = "g-attacker-" + UUID.randomUUID();
        SocialStandIns.nextGoogleUser(attackerSubject, victimEmail, false);
        HttpBrowser attacker = browser();
        HttpResponse<String> r = SocialFlows.signIn(attacker, "google", APP);
        assertEquals(303, r.statusCode());
        assertTrue(HttpBrowser.location(r).contains("/login?error=email_unverified"), HttpBrowser.location(r));
        assertNull(attacker.cookie("__Host-gatehouse-session"));
        assertEquals(0L, countIdentities("google", attackerSubject));
        assertEquals(List.of("github"), identitiesOf(victimSub));
    }

    @Test
    void googleSignInWhenAccountEmailNotVerifiedThenToldToSignInAndLinkInstead() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD); // a password account: its e-mail is not verified
        String subject = "g-" + UUID.randomUUID();
        SocialStandIns.nextGoogleUser(subject, email, true);
        HttpBrowser b = browser();
        HttpResponse<String> r = SocialFlows.signIn(b, "google", APP);
        assertTrue(HttpBrowser.location(r).contains("/login?error=account_exists"), HttpBrowser.location(r));
        assertNull(b.cookie("__Host-gatehouse-session"));
        assertEquals(0L, countIdentities("google", subject));
        assertEquals(List.of(), identitiesOf(id));
    }

    @Test
    void googleSignInWhenPasswordAccountProvedItsAddressThenLinkedToIt() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        // The account proves the mailbox with the link of its sign-up mail (read from the SMTP server).
        dev.gatehouse.lifecycle.Lifecycle.verify(dev.gatehouse.lifecycle.Lifecycle.verifyToken(email, 1)).then().statusCode(200);
        String subject = "g-" + UUID.randomUUID();
        SocialStandIns.nextGoogleUser(subject, email, true);
        HttpBrowser b = browser();
        HttpResponse<String> r = SocialFlows.signIn(b, "google", APP);
        assertEquals(303, r.statusCode());
        assertEquals(APP, HttpBrowser.location(r));
        assertEquals(id, SocialLoginResourceTest.subjectOf(b));
        assertEquals(List.of("google"), identitiesOf(id));
    }

    @Test
    void googleSignInWhenBothSidesVerifiedThenLinkedToTheExistingAccount() {
        String email = Api.uniqueEmail();
        long ghId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        SocialStandIns.nextGitHubUser(ghId, "both-" + ghId, email, true);
        HttpBrowser viaGitHub = browser();
        SocialFlows.signIn(viaGitHub, "github", APP);
        SocialStandIns.nextGoogleUser("g-" + UUID.randomUUID(), email, true);
        HttpBrowser viaGoogle = browser();
        assertEquals(303, SocialFlows.signIn(viaGoogle, "google", APP).statusCode());
        String sub = SocialLoginResourceTest.subjectOf(viaGoogle);
        assertEquals(SocialLoginResourceTest.subjectOf(viaGitHub), sub);
        assertEquals(List.of("github", "google"), identitiesOf(sub));
    }

    // 22 ------------------------------------------------------------------------------------

    @Test
    void googleSignInWhenTwoParallelFirstLoginsWithOneSubjectThenOneAccount() throws Exception {
        String subject = "g-" + UUID.randomUUID();
        String email = Api.uniqueEmail();
        int n = 4;
        HttpBrowser[] browsers = new HttpBrowser[n];
        String[] backs = new String[n];
        for (int i = 0; i < n; i++) {
            SocialStandIns.nextGoogleUser(subject, email, true);
            browsers[i] = browser();
            backs[i] = SocialFlows.authorize(SocialFlows.start(browsers[i], "google", APP));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return browsers[k].get(backs[k]);
            }));
        }
        go.countDown();
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            assertEquals(303, c.get().statusCode(), c.get().body());
            assertEquals(APP, HttpBrowser.location(c.get()));
        }
        String sub = SocialLoginResourceTest.subjectOf(browsers[0]);
        for (int i = 1; i < n; i++) {
            assertEquals(sub, SocialLoginResourceTest.subjectOf(browsers[i]));
        }
        assertEquals(1L, countIdentities("google", subject));
    }

    // helpers -------------------------------------------------------------------------------

    // Straight from the table over JDBC (TestDatabase), so the *IT twins can count against the jar too.

    static long countAllIdentities() {
        return TestDatabase.queryLong("SELECT count(*) FROM federated_identity");
    }

    static long countIdentities(String provider, String subject) {
        return TestDatabase.queryLong("SELECT count(*) FROM federated_identity WHERE provider = ? AND subject = ?", provider, subject);
    }

    /** The providers linked to an account, straight from the table. */
    static List<String> identitiesOf(String accountId) {
        return TestDatabase.queryStrings("SELECT provider FROM federated_identity WHERE account_id = ? ORDER BY provider",
                UUID.fromString(accountId));
    }

    /** An account registered for {@code email} by someone who then linked their own Google identity {@code subject}. */
    private record Trojan(String email, String id, String subject) {
    }

    private Trojan squatterWithGoogle() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String subject = "g-trojan-" + UUID.randomUUID();
        linkGoogle(Api.login(email, Api.PASSWORD), subject);
        return new Trojan(email, id, subject);
    }

    /** Links a Google identity ({@code subject}) to the account of {@code accessToken} explicitly, from a browser. */
    private void linkGoogle(String accessToken, String subject) {
        HttpBrowser b = browser();
        HttpResponse<String> started = b.postForm("/auth/identities/google/link?return_to=" + APP, "", "Authorization", "Bearer " + accessToken);
        assertEquals(200, started.statusCode(), started.body());
        String next = io.restassured.path.json.JsonPath.from(started.body()).getString("authorization_url");
        SocialStandIns.nextGoogleUser(subject, Api.uniqueEmail(), true);
        HttpResponse<String> toCallback = b.get(java.net.URI.create(next).getRawPath() + "?flow=link");
        HttpResponse<String> challenge = b.get(HttpBrowser.location(toCallback));
        assertEquals(303, b.get(SocialFlows.authorize(HttpBrowser.location(challenge))).statusCode());
    }



    @Test
    void resetWhenTheAddressWasNeverProvenThenIdentitiesTheRegistrantLinkedGo() {
        Trojan t = squatterWithGoogle();
        dev.gatehouse.lifecycle.Lifecycle.forgot(t.email()).then().statusCode(202);
        dev.gatehouse.lifecycle.Lifecycle.reset(dev.gatehouse.lifecycle.Lifecycle.resetToken(t.email(), 1),
                dev.gatehouse.lifecycle.Lifecycle.NEW_PASSWORD, null, null).then().statusCode(204);
        assertEquals(List.of(), identitiesOf(t.id()));
        // The provider identity signs in to nothing of the owner's now: Google's e-mail is another, so no account at all.
        SocialStandIns.nextGoogleUser(t.subject(), Api.uniqueEmail(), true);
        HttpBrowser b = browser();
        SocialFlows.signIn(b, "google", APP);
        assertNotEquals(t.id(), b.cookie("__Host-gatehouse-session") == null ? null : SocialLoginResourceTest.subjectOf(b));
    }
}
