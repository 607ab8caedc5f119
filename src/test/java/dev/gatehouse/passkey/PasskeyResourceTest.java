package dev.gatehouse.passkey;

import dev.gatehouse.Api;
import dev.gatehouse.mfa.MfaApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.passkey.PasskeyApi.authenticator;
import static dev.gatehouse.passkey.PasskeyApi.finishRegistration;
import static dev.gatehouse.passkey.PasskeyApi.finishSignIn;
import static dev.gatehouse.passkey.PasskeyApi.register;
import static dev.gatehouse.passkey.PasskeyApi.registerOptions;
import static dev.gatehouse.passkey.PasskeyApi.signIn;
import static dev.gatehouse.passkey.PasskeyApi.signInOptions;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /auth/passkeys} with an authenticator emulated in the test ({@link SoftAuthenticator}):
 * registration, passwordless sign-in, the MFA step, and one rejection test per rule (cases 71-75 of
 * SECURITY-CASES.md; 71's expiry and 75 without a password are in {@link PasskeyRulesTest}, which
 * moves the clock and sets up a password-less account). {@code PasskeyResourceIT} re-runs these
 * against the packaged jar.
 */
@QuarkusTest
class PasskeyResourceTest {

    private static String accountOf(String token) {
        return Api.jwtField(token, 1, "sub");
    }

    private static List<Map<String, Object>> audit(String accountId, String type) {
        return given().auth().oauth2(Api.newAdminToken()).queryParam("account", accountId).queryParam("type", type)
                .get("/admin/audit").then().statusCode(200).extract().path("items");
    }

    @Test
    void signInWhenPasskeyRegisteredThenTokensWithoutPasswordAndAmrHwkUserMfa() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        String id = register(token, a, "Laptop");
        given().auth().oauth2(token).get("/auth/passkeys").then().statusCode(200)
                .body("", hasSize(1)).body("[0].id", equalTo(id)).body("[0].name", equalTo("Laptop"))
                .body("[0].synced", equalTo(false)).body("toString()", not(containsString("attested")));

        Response r = signIn(a);
        r.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("bearer"));
        String access = r.path("access_token");
        assertEquals(accountOf(token), accountOf(access));
        // No attestation was checked, so nothing says the key is in hardware: swk (RFC 8176).
        assertEquals("[\"swk\",\"user\",\"mfa\"]", MfaApi.amrOf(access));
        assertTrue(r.path("refresh_token") != null, "the normal token response");
        assertEquals(200, Api.meStatus(access));
        assertEquals(1, audit(accountOf(token), "PASSKEY_REGISTERED").size());
        assertEquals(1, audit(accountOf(token), "PASSKEY_LOGIN").size());
    }

    @Test
    void signInWhenSyncedPasskeyThenAmrSwk() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        a.backupEligible = true;
        register(token, a, "Phone");
        assertEquals("[\"swk\",\"user\",\"mfa\"]", MfaApi.amrOf(signIn(a).then().statusCode(200).extract().path("access_token")));
    }

    /** Case 71: a challenge is single use. */
    @Test
    void signInWhenChallengeReplayedThenRefused() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        register(token, a, "Key");
        PasskeyApi.Options o = signInOptions();
        finishSignIn(o.ceremony(), a.get(o.publicKey())).then().statusCode(200);
        // The same challenge again, even with a fresh signature and a higher counter: refused.
        finishSignIn(o.ceremony(), a.get(o.publicKey())).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // And a registration challenge is single use too.
        PasskeyApi.Options reg = registerOptions(token);
        SoftAuthenticator b = authenticator();
        String created = b.create(reg.publicKey());
        finishRegistration(token, reg.ceremony(), "B", created).then().statusCode(201);
        finishRegistration(token, reg.ceremony(), "B again", authenticator().create(reg.publicKey())).then().statusCode(400);
    }

    /** Case 71: a challenge is bound to the session that asked (registration) and to the browser (hosted sign-in). */
    @Test
    void finishWhenChallengeOfAnotherSessionOrBrowserThenRefused() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String first = Api.login(email, Api.PASSWORD);
        String second = Api.login(email, Api.PASSWORD);
        PasskeyApi.Options o = registerOptions(first);
        finishRegistration(second, o.ceremony(), "Other session", authenticator().create(o.publicKey()))
                .then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:passkey-invalid"));
        String other = Api.newUserToken();
        PasskeyApi.Options o2 = registerOptions(first);
        finishRegistration(other, o2.ceremony(), "Other account", authenticator().create(o2.publicKey())).then().statusCode(400);

        SoftAuthenticator a = authenticator();
        register(first, a, "Key");
        Response opts = given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .body("{\"session\":\"cookie\"}").post("/auth/passkeys/login/options");
        opts.then().statusCode(200);
        assertTrue(opts.getDetailedCookie(PasskeyResource.BROWSER_COOKIE) != null, "bound to this browser by a cookie");
        String ceremony = opts.path("ceremony");
        Map<String, Object> pk = opts.path("publicKey");
        // Finished without the browser's cookie (another browser, or a script that only saw the handle): refused.
        given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .body("{\"ceremony\":\"" + ceremony + "\",\"session\":\"cookie\",\"credential\":" + a.get(pk) + "}")
                .post("/auth/passkeys/login").then().statusCode(400);
    }

    @Test
    void signInWhenHostedVariantWithItsCookieThenSessionCookieAndLocation() {
        SoftAuthenticator a = authenticator();
        register(Api.newUserToken(), a, "Key");
        Response opts = given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .body("{\"session\":\"cookie\"}").post("/auth/passkeys/login/options");
        String binding = opts.getCookie(PasskeyResource.BROWSER_COOKIE);
        Response r = given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .cookie(PasskeyResource.BROWSER_COOKIE, binding)
                .body("{\"ceremony\":\"" + opts.path("ceremony") + "\",\"session\":\"cookie\",\"credential\":"
                        + a.get(opts.path("publicKey")) + "}")
                .post("/auth/passkeys/login");
        r.then().statusCode(200).body("refresh_token", equalTo(null)).body("location", containsString("/login/signed-in"));
        assertTrue(r.getDetailedCookie("__Host-gatehouse-session").isHttpOnly());
        // Without the custom header a cross-site form cannot start it at all.
        given().contentType(ContentType.JSON).body("{\"session\":\"cookie\"}").post("/auth/passkeys/login/options")
                .then().statusCode(403);
    }

    /** Case 72: an assertion made for another origin or relying-party id is refused. */
    @Test
    void signInWhenOtherOriginOrRpIdThenRefused() {
        SoftAuthenticator a = authenticator();
        register(Api.newUserToken(), a, "Key");
        a.origin = "https://evil.example";
        signIn(a).then().statusCode(400).body("error", equalTo("invalid_grant"));
        a.origin = "http://localhost:9999";
        signIn(a).then().statusCode(400);
        a.origin = PasskeyApi.ORIGIN;
        a.rpId = "evil.example";
        signIn(a).then().statusCode(400);
        a.rpId = PasskeyApi.RP_ID;
        signIn(a).then().statusCode(200);
        // Registration checks the same.
        String token = Api.newUserToken();
        SoftAuthenticator b = authenticator();
        b.rpId = "evil.example";
        PasskeyApi.Options o = registerOptions(token);
        finishRegistration(token, o.ceremony(), "Evil", b.create(o.publicKey())).then().statusCode(400);
    }

    /** Case 73: a signature counter that does not rise (a cloned authenticator) is refused and audited. */
    @Test
    void signInWhenCounterGoesBackwardsThenRefusedAndAudited() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        register(token, a, "Key");
        SoftAuthenticator clone = a.cloneKey();
        signIn(a).then().statusCode(200); // counter 1
        signIn(a).then().statusCode(200); // counter 2
        PasskeyApi.Options o = signInOptions();
        finishSignIn(o.ceremony(), clone.getWithCounter(o.publicKey(), 1)).then().statusCode(400).body("error", equalTo("invalid_grant"));
        PasskeyApi.Options same = signInOptions();
        finishSignIn(same.ceremony(), clone.getWithCounter(same.publicKey(), 2)).then().statusCode(400);
        List<Map<String, Object>> events = audit(accountOf(token), "PASSKEY_LOGIN_ERROR");
        assertEquals(2, events.stream().filter(e -> String.valueOf(e.get("detail")).contains("counter")).count(), events.toString());
        signIn(a).then().statusCode(200); // the original goes on
    }

    /** Case 74: passwordless sign-in without user verification is refused. */
    @Test
    void signInWhenUserNotVerifiedThenRefused() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        register(token, a, "Key");
        a.userVerified = false;
        signIn(a).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertTrue(audit(accountOf(token), "PASSKEY_LOGIN_ERROR").stream()
                .anyMatch(e -> String.valueOf(e.get("detail")).contains("user not verified")));
        a.userVerified = true;
        signIn(a).then().statusCode(200);
    }

    /** Case 75 with a password: the last passkey may go (the password stays a way in); see PasskeyRulesTest for none. */
    @Test
    void removeWhenPasswordRemainsThenRemovedAndAudited() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        String id = register(token, a, "Key");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "Renamed"))
                .put("/auth/passkeys/" + id).then().statusCode(200).body("name", equalTo("Renamed"));
        given().auth().oauth2(Api.newUserToken()).delete("/auth/passkeys/" + id).then().statusCode(404);
        given().auth().oauth2(token).delete("/auth/passkeys/" + id).then().statusCode(204);
        given().auth().oauth2(token).get("/auth/passkeys").then().body("", hasSize(0));
        assertEquals(1, audit(accountOf(token), "PASSKEY_REMOVED").size());
        signIn(a).then().statusCode(400);
    }

    @Test
    void registerWhenCredentialIdTakenThenRefused() {
        SoftAuthenticator a = authenticator();
        String token = Api.newUserToken();
        register(token, a, "Key");
        String other = Api.newUserToken();
        PasskeyApi.Options o = registerOptions(other);
        finishRegistration(other, o.ceremony(), "Same key", a.create(o.publicKey())).then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:passkey-exists"));
        // The options exclude the account's own passkeys.
        List<Map<String, Object>> excluded = registerOptions(token).publicKey().get("excludeCredentials") instanceof List<?> l
                ? (List<Map<String, Object>>) l : List.of();
        assertEquals(a.credentialId(), excluded.get(0).get("id"));
    }

    @Test
    void optionsWhenRequestedThenUserVerificationRequiredAttestationNoneAndOurRp() {
        String token = Api.newUserToken();
        Map<String, Object> pk = registerOptions(token).publicKey();
        assertEquals("none", pk.get("attestation"));
        assertEquals(Map.of("id", "localhost", "name", "Gatehouse"), pk.get("rp"));
        assertEquals("required", ((Map<?, ?>) pk.get("authenticatorSelection")).get("userVerification"));
        assertEquals("required", ((Map<?, ?>) pk.get("authenticatorSelection")).get("residentKey"));
        Map<String, Object> get = signInOptions().publicKey();
        assertEquals("required", get.get("userVerification"));
        assertEquals("localhost", get.get("rpId"));
        assertTrue(((String) get.get("challenge")).length() >= 43, "at least 256 bits");
    }

    @Test
    void registerWhenNoTokenApiKeyOrBadInputThenRefusedWith4xx() {
        given().post("/auth/passkeys/register/options").then().statusCode(401);
        given().get("/auth/passkeys").then().statusCode(401);
        String token = Api.newUserToken();
        PasskeyApi.Options o = registerOptions(token);
        finishRegistration(token, o.ceremony(), "", authenticator().create(o.publicKey())).then().statusCode(400)
                .body("rule", equalTo("name_invalid"));
        finishRegistration(token, o.ceremony(), "Bad", "{\"id\":\"x\",\"response\":{}}").then().statusCode(400);
        finishRegistration(token, "nope", "Bad", "{}").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[1,2]").post("/auth/passkeys/register").then().statusCode(400);
        finishSignIn("nope", "{\"id\":\"AAAA\",\"response\":{\"clientDataJSON\":\"%%%\"}}").then().statusCode(400);
        finishSignIn(signInOptions().ceremony(), "{\"garbage\":true}").then().statusCode(400);
        given().auth().oauth2(token).delete("/auth/passkeys/not-a-uuid").then().statusCode(404);
        // Wrong types, invalid UTF-8, an oversized credential, a huge number: 4xx problem or OAuth error, never 5xx.
        for (byte[] body : List.of("{\"ceremony\":[1],\"credential\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                new byte[]{'{', '"', 'c', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                ("{\"ceremony\":\"x\",\"credential\":{\"id\":\"" + "A".repeat(20_000) + "\"}}").getBytes(StandardCharsets.UTF_8),
                "{\"ceremony\":1e999999,\"credential\":{}}".getBytes(StandardCharsets.UTF_8),
                "{\"ceremony\":\"x\u0000\",\"credential\":{\"id\":\"\\u0000\"}}".getBytes(StandardCharsets.UTF_8))) {
            for (String path : List.of("/auth/passkeys/login", "/auth/passkeys/register", "/auth/passkeys/login/options")) {
                int status = given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then().extract().statusCode();
                assertTrue(status >= 400 && status < 500 || path.endsWith("/options") && status == 200, path + " answered " + status);
            }
        }
        given().contentType(ContentType.URLENC).formParam("mfa_token", "mfa_" + "x".repeat(5000)).post("/auth/passkeys/mfa/options")
                .then().statusCode(400);
    }

    /** A passkey answers the MFA step after a password (amr adds swk, user, mfa), bound to that mfa_token. */
    @Test
    void mfaVerifyWhenPasskeyThenSignedInAndChallengeBoundToTheMfaToken() {
        MfaApi.Enrolled e = MfaApi.enrolled();
        SoftAuthenticator a = authenticator();
        register(e.token(), a, "Key");
        String mfaToken = MfaApi.mfaToken(e.email());
        Map<String, Object> pk = given().contentType(ContentType.URLENC).formParam("mfa_token", mfaToken)
                .post("/auth/passkeys/mfa/options").then().statusCode(200).extract().path("");
        assertEquals(a.credentialId(), ((List<Map<String, Object>>) pk.get("allowCredentials")).get(0).get("id"));
        // The assertion cannot be used with another sign-in's mfa_token.
        String otherToken = MfaApi.mfaToken(e.email());
        String assertion = a.get(pk);
        given().contentType(ContentType.URLENC).formParam("mfa_token", otherToken).formParam("passkey", assertion)
                .post("/auth/mfa/verify").then().statusCode(400);
        Response ok = given().contentType(ContentType.URLENC).formParam("mfa_token", mfaToken).formParam("passkey", assertion)
                .post("/auth/mfa/verify");
        ok.then().statusCode(200);
        assertEquals("[\"pwd\",\"swk\",\"user\",\"mfa\"]", MfaApi.amrOf(ok.path("access_token")));
        // Two factors at once is not a thing.
        given().contentType(ContentType.URLENC).formParam("mfa_token", otherToken).formParam("passkey", assertion)
                .formParam("otp", "123456").post("/auth/mfa/verify").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("mfa_token", "mfa_nope").post("/auth/passkeys/mfa/options").then().statusCode(400);
    }

    /** Case 79: an original and its clone racing with the same counter: exactly one signs in. */
    @Test
    void signInWhenCloneRacesWithTheSameCounterThenExactlyOneAccepted() throws Exception {
        SoftAuthenticator a = authenticator();
        register(Api.newUserToken(), a, "Key");
        SoftAuthenticator clone = a.cloneKey();
        for (int round = 1; round <= 3; round++) {
            PasskeyApi.Options o1 = signInOptions();
            PasskeyApi.Options o2 = signInOptions();
            String first = a.getWithCounter(o1.publicKey(), round);
            String second = clone.getWithCounter(o2.publicKey(), round);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var f1 = pool.submit(() -> finishSignIn(o1.ceremony(), first).statusCode());
                var f2 = pool.submit(() -> finishSignIn(o2.ceremony(), second).statusCode());
                List<Integer> statuses = List.of(f1.get(), f2.get());
                assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
                assertEquals(1, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void passkeyPageWhenNoSessionOrNoCsrfThenSignInOrRefused() {
        given().redirects().follow(false).get("/account/passkeys").then().statusCode(303)
                .header("Location", containsString("/login?return_to="));
        given().contentType(ContentType.JSON).header("X-Requested-With", "fetch").body("{}")
                .post("/account/passkeys/register/options").then().statusCode(403);
        given().contentType(ContentType.JSON).header("X-Requested-With", "fetch").header("X-CSRF-Token", "abc")
                .cookie("__Host-gatehouse-csrf", "abd").body("{}")
                .post("/account/passkeys/register").then().statusCode(403);
        given().contentType(ContentType.JSON).header("X-Requested-With", "fetch").body("{}")
                .post("/login/mfa/passkey/options").then().statusCode(403);
    }

    @Test
    void adminWhenListingAndRemovingThenSeesAndRemovesTheAccountsPasskeys() {
        String token = Api.newUserToken();
        String id = register(token, authenticator(), "Key");
        String admin = Api.newAdminToken();
        given().auth().oauth2(admin).get("/admin/accounts/" + accountOf(token) + "/passkeys").then().statusCode(200)
                .body("[0].id", equalTo(id));
        given().auth().oauth2(token).get("/admin/accounts/" + accountOf(token) + "/passkeys").then().statusCode(403);
        given().auth().oauth2(admin).delete("/admin/accounts/" + accountOf(token) + "/passkeys/" + id).then().statusCode(204);
        assertTrue(String.valueOf(audit(accountOf(token), "PASSKEY_REMOVED").get(0).get("detail")).contains("by "));
    }

    @Test
    void signInWhenAccountDisabledThenRefused() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        register(token, a, "Key");
        String admin = Api.newAdminToken();
        given().auth().oauth2(admin).post("/admin/accounts/" + accountOf(token) + "/disable").then().statusCode(204);
        signIn(a).then().statusCode(400);
        given().auth().oauth2(admin).post("/admin/accounts/" + accountOf(token) + "/enable").then().statusCode(204);
        signIn(a).then().statusCode(200);
    }

    /** A new way in is told to the account's address, in the language of the account, with the passkey's name (escaped in HTML). */
    @Test
    void registerWhenDoneThenOwnerGetsANotice() throws Exception {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        register(token, authenticator(), "Key <b>1</b>");
        jakarta.mail.internet.MimeMessage m = dev.gatehouse.lifecycle.Lifecycle.awaitMail(email, x -> {
            try {
                return x.getSubject().startsWith("A passkey was added");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        });
        assertTrue(dev.gatehouse.mail.GreenMailResource.text(m).contains("\"Key <b>1</b>\""));
        String html = dev.gatehouse.mail.GreenMailResource.html(m);
        assertTrue(html.contains("Key &lt;b&gt;1&lt;/b&gt;"), html);
        assertTrue(!html.contains("<b>1</b>"), html);
    }
}
