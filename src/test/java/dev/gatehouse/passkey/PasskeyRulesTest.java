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
}
