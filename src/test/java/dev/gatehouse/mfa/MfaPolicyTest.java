package dev.gatehouse.mfa;

import dev.gatehouse.Api;
import dev.gatehouse.TestAddresses;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GATEHOUSE_MFA_REQUIRED_ROLES, and the MFA step's own rate limits per account and per address. */
@QuarkusTest
@TestProfile(MfaPolicyProfile.class)
class MfaPolicyTest {

    private static Response login(String email, String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.URLENC)
                .formParam("username", email).formParam("password", Api.PASSWORD).post("/auth/login");
    }

    private static Response verify(String mfaToken, String otp, String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.URLENC)
                .formParam("mfa_token", mfaToken).formParam("otp", otp).post("/auth/mfa/verify");
    }

    private static String wrong(String right) {
        return String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);
    }

    @Test
    void loginWhenRoleRequiresMfaAndNoneEnrolledThenEnrolmentFirstAndNoSessionBefore() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        TestDatabase.storeRoles(id, "user", "admin");
        String address = TestAddresses.fresh();
        Response first = login(email, address);
        first.then().statusCode(403).body("error", equalTo("mfa_enrollment_required")).body("mfa_token", startsWith("mfa_"));
        String token = first.path("mfa_token");
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM refresh_family WHERE account_id = ?", UUID.fromString(id)));
        // Not a verify token, and no bearer token.
        verify(token, "123456", address).then().statusCode(400);
        given().auth().oauth2(token).post("/auth/mfa/totp").then().statusCode(401);

        Response started = given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("mfa_token", token).post("/auth/mfa/enroll");
        started.then().statusCode(200).header("Cache-Control", "no-store").body("qrCode", startsWith("data:image/png;base64,"));
        String secret = started.path("secret");
        given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("mfa_token", token).formParam("otp", wrong(MfaApi.code(secret, 0)))
                .post("/auth/mfa/enroll/confirm").then().statusCode(400);
        Response done = given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("mfa_token", token).formParam("otp", MfaApi.code(secret, 0))
                .post("/auth/mfa/enroll/confirm");
        done.then().statusCode(200).header("Cache-Control", "no-store").body("refresh_token", notNullValue());
        List<String> codes = done.path("backup_codes");
        assertEquals(10, codes.size());
        assertEquals("[\"pwd\",\"otp\"]", MfaApi.amrOf(done.path("access_token")));
        // Used once; from now on this admin signs in with the code step.
        given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("mfa_token", token).formParam("otp", MfaApi.code(secret, 1))
                .post("/auth/mfa/enroll/confirm").then().statusCode(400);
        login(email, address).then().statusCode(403).body("error", equalTo("mfa_required"));
    }

    /** Reloading the enrolment (or mistyping its code) keeps the secret already scanned. */
    @Test
    void enrollWhenAskedAgainThenSameSecret() {
        String email = Api.uniqueEmail();
        TestDatabase.storeRoles(Api.register(email, Api.PASSWORD), "user", "admin");
        String address = TestAddresses.fresh();
        String token = login(email, address).then().statusCode(403).extract().path("mfa_token");
        String first = enroll(token, address).then().statusCode(200).extract().path("secret");
        given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("mfa_token", token)
                .formParam("otp", wrong(MfaApi.code(first, 0))).post("/auth/mfa/enroll/confirm").then().statusCode(400);
        assertEquals(first, enroll(token, address).then().statusCode(200).extract().path("secret"));
    }

    /** An enrolment token whose account was disabled (or whose password changed) cannot turn TOTP on. */
    @Test
    void enrollConfirmWhenAccountChangedMeanwhileThenRefusedAndMfaStaysOff() {
        for (String change : List.of("UPDATE account SET active = false WHERE id = ?",
                "UPDATE account SET password_hash = password_hash || 'x' WHERE id = ?")) {
            String email = Api.uniqueEmail();
            String id = Api.register(email, Api.PASSWORD);
            TestDatabase.storeRoles(id, "user", "admin");
            String address = TestAddresses.fresh();
            String token = login(email, address).then().statusCode(403).extract().path("mfa_token");
            String secret = enroll(token, address).then().statusCode(200).extract().path("secret");
            TestDatabase.update(change, UUID.fromString(id));
            given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("mfa_token", token)
                    .formParam("otp", MfaApi.code(secret, 0)).post("/auth/mfa/enroll/confirm").then().statusCode(400)
                    .body("error", equalTo("invalid_grant"));
            assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM mfa_totp WHERE account_id = ? AND confirmed_at IS NOT NULL",
                    UUID.fromString(id)), change);
        }
    }

    /** A session signed in with the password alone stops refreshing once its account holds a role that requires MFA. */
    @Test
    void refreshWhenRoleNowRequiresMfaAndSessionHadNoCodeThenRefused() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String refresh = login(email, TestAddresses.fresh()).then().statusCode(200).extract().path("refresh_token");
        // The role arrives without the admin API (which would end the sessions itself): as when the setting is turned on.
        TestDatabase.storeRoles(id, "user", "admin");
        given().contentType(ContentType.URLENC).formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    private static Response enroll(String token, String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("mfa_token", token)
                .post("/auth/mfa/enroll");
    }

    @Test
    void loginWhenRoleDoesNotRequireMfaThenTokens() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        login(email, TestAddresses.fresh()).then().statusCode(200);
    }

    @Test
    void verifyWhenOverThePerAccountLimitThen429WithRetryAfter() {
        MfaApi.Enrolled a = MfaApi.enrolled(); // enrolment took 2 of the account's 4
        String address = TestAddresses.fresh();
        String token = login(a.email(), address).then().statusCode(403).extract().path("mfa_token");
        verify(token, wrong(a.code(1)), address).then().statusCode(400);
        verify(token, wrong(a.code(1)), address).then().statusCode(400);
        verify(token, a.code(1), address).then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void verifyWhenOverThePerAddressLimitThen429() {
        String address = TestAddresses.fresh();
        List<MfaApi.Enrolled> accounts = new java.util.ArrayList<>();
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            MfaApi.Enrolled a = MfaApi.enrolled();
            accounts.add(a);
            tokens.add(login(a.email(), address).then().statusCode(403).extract().path("mfa_token"));
        }
        // Six tries from one address, each of another account (so no account limit is near)...
        for (int i = 0; i < 6; i++) {
            verify(tokens.get(i), wrong(accounts.get(i).code(1)), address).then().statusCode(400);
        }
        // ...and the seventh from that address is refused, even with the right code.
        verify(tokens.get(6), accounts.get(6).code(1), address).then().statusCode(429).header("Retry-After", notNullValue());
        // Another address is not limited by this one.
        verify(tokens.get(6), accounts.get(6).code(1), TestAddresses.fresh()).then().statusCode(200);
    }
}
