package dev.gatehouse.passkey;

import dev.gatehouse.Api;
import dev.gatehouse.account.AccountService;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.TestClock;
import dev.gatehouse.token.RefreshTokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.gatehouse.passkey.PasskeyApi.authenticator;
import static dev.gatehouse.passkey.PasskeyApi.finishRegistration;
import static dev.gatehouse.passkey.PasskeyApi.finishSignIn;
import static dev.gatehouse.passkey.PasskeyApi.register;
import static dev.gatehouse.passkey.PasskeyApi.registerOptions;
import static dev.gatehouse.passkey.PasskeyApi.signInOptions;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The passkey rules that need the test's clock or an account set up in-process (so they are not in
 * the IT twin): a challenge expires (case 71), registration needs a recent sign-in, and the last way
 * to sign in of an account without a password cannot be removed (case 75).
 */
@QuarkusTest
class PasskeyRulesTest {

    @Inject
    AccountService accounts;
    @Inject
    RefreshTokenService refreshTokens;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    /** Case 71: a challenge expires (GATEHOUSE_WEBAUTHN_CHALLENGE_LIFETIME, 2 minutes). */
    @Test
    void signInWhenChallengeExpiredThenRefused() {
        SoftAuthenticator a = authenticator();
        register(Api.newUserToken(), a, "Key");
        PasskeyApi.Options o = signInOptions();
        TestClock.advance(Duration.ofMinutes(2).plusSeconds(1));
        finishSignIn(o.ceremony(), a.get(o.publicKey())).then().statusCode(400).body("error", equalTo("invalid_grant"));
        TestClock.reset();
        PasskeyApi.Options fresh = signInOptions();
        TestClock.advance(Duration.ofSeconds(110));
        finishSignIn(fresh.ceremony(), a.get(fresh.publicKey())).then().statusCode(200);
    }

    @Test
    void registerWhenSignInOlderThanRegisterWithinThenRecentSignInRequired() {
        String token = Api.newUserToken();
        PasskeyApi.Options o = registerOptions(token);
        TestClock.advance(Duration.ofMinutes(11));
        given().auth().oauth2(token).post("/auth/passkeys/register/options").then().statusCode(403)
                .body("type", equalTo("urn:gatehouse:problem:recent-sign-in-required"));
        finishRegistration(token, o.ceremony(), "Late", authenticator().create(o.publicKey())).then().statusCode(403);
    }

    /** Case 75: removing the last way to sign in (no password, no linked identity, no other passkey) is refused. */
    @Test
    void removeWhenLastWayToSignInThenRefused() {
        UUID id = QuarkusTransaction.requiringNew().call(() -> accounts.createFederated(Api.uniqueEmail(), null, Set.of("user")));
        String token = refreshTokens.start(new RefreshTokenService.Subject(id, Set.of("user"), "openid", List.of("hwk", "user", "mfa")),
                RefreshTokenService.KIND_TOKEN, new ClientInfo("127.0.0.1", "test")).response().accessToken();
        String first = register(token, authenticator(), "First");
        given().auth().oauth2(token).delete("/auth/passkeys/" + first).then().statusCode(409)
                .body("type", equalTo("urn:gatehouse:problem:last-sign-in-method"));
        String second = register(token, authenticator(), "Second");
        given().auth().oauth2(token).delete("/auth/passkeys/" + first).then().statusCode(204);
        given().auth().oauth2(token).delete("/auth/passkeys/" + second).then().statusCode(409);
        given().auth().oauth2(Api.newAdminToken()).delete("/admin/accounts/" + id + "/passkeys/" + second).then().statusCode(409);
        given().auth().oauth2(token).get("/auth/passkeys").then().statusCode(200).body("size()", equalTo(1));
    }

    /** An RSA key of any size passes webauthn4j's checks; one too large for its column must be a 400, not a 500. */
    @Test
    void registerWhenRsaKeyIsHugeThenRefusedWith400() {
        String token = Api.newUserToken();
        for (int bits : new int[]{24_000, 8_192, 1_024}) {
            PasskeyApi.Options o = registerOptions(token);
            finishRegistration(token, o.ceremony(), "Huge", authenticator().createWithRsaKey(o.publicKey(), bits))
                    .then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:passkey-invalid"));
        }
    }

    /** One credential registered by two accounts at once: the unique index lets one in, the other gets 409 (never 500). */
    @Test
    void registerWhenSameCredentialOnTwoAccountsInParallelThenOne201One409() throws Exception {
        for (int round = 0; round < 3; round++) {
            String first = Api.newUserToken();
            String second = Api.newUserToken();
            SoftAuthenticator a = authenticator();
            SoftAuthenticator copy = a.cloneKey();
            PasskeyApi.Options o1 = registerOptions(first);
            PasskeyApi.Options o2 = registerOptions(second);
            String c1 = a.create(o1.publicKey());
            String c2 = copy.create(o2.publicKey());
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var f1 = pool.submit(() -> { go.await(); return finishRegistration(first, o1.ceremony(), "One", c1).statusCode(); });
                var f2 = pool.submit(() -> { go.await(); return finishRegistration(second, o2.ceremony(), "Two", c2).statusCode(); });
                go.countDown();
                List<Integer> statuses = new java.util.ArrayList<>(List.of(f1.get(), f2.get()));
                java.util.Collections.sort(statuses);
                org.junit.jupiter.api.Assertions.assertEquals(List.of(201, 409), statuses);
            } finally {
                pool.shutdown();
            }
        }
    }

    /** Attestation not asked for (the default) is not believed: a key that sent a maker's statement still signs in as swk. */
    @Test
    void signInWhenAttestationWasSentUnaskedThenSoftwareKey() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        PasskeyApi.Options o = registerOptions(token);
        finishRegistration(token, o.ceremony(), "Claims hardware", a.create(o.publicKey(), SoftAuthenticator.Attestation.CERTIFIED))
                .then().statusCode(201);
        String access = PasskeyApi.signIn(a).then().statusCode(200).extract().path("access_token");
        org.junit.jupiter.api.Assertions.assertEquals("[\"swk\",\"user\",\"mfa\"]", dev.gatehouse.mfa.MfaApi.amrOf(access));
        String format = QuarkusTransaction.requiringNew().call(() -> PasskeyCredential.<PasskeyCredential>find("accountId",
                UUID.fromString(given().auth().oauth2(token).get("/auth/me").path("id"))).firstResult().attestationFormat);
        org.junit.jupiter.api.Assertions.assertEquals("none", format);
    }
}
