package dev.gatehouse.mfa;

import dev.gatehouse.Api;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TOTP enrolment, the MFA step and backup codes through the API, on the real PostgreSQL and Redis
 * (SECURITY-CASES 33, 35, 36, 45, 47, 48; 34 and the token's lifetime, which move the clock, are in
 * {@link MfaClockTest}). Codes are computed here from the secret the API answered.
 */
@QuarkusTest
class MfaResourceTest {

    @Test
    void startWhenSignedInThenSecretOtpauthUriAndQrCode() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        Response r = MfaApi.start(token);
        r.then().statusCode(200).header("Cache-Control", "no-store")
                .body("secret", matchesPattern("[A-Z2-7]{32}")) // 160 bits
                .body("qrCode", startsWith("data:image/png;base64,"));
        String secret = r.path("secret");
        String uri = r.path("otpauthUri");
        assertEquals("otpauth://totp/Gatehouse:" + email.replace("@", "%40") + "?secret=" + secret
                + "&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30", uri);
        // Pending is not on: the account still signs in with its password alone.
        given().auth().oauth2(token).get("/auth/me").then().statusCode(200).body("mfa.totp", equalTo(false));
        MfaApi.login(email, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void confirmWhenWrongCodeThenRefusedAndMfaStaysOff() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        String secret = MfaApi.start(token).then().statusCode(200).extract().path("secret");
        String wrong = MfaApi.code(Base32.encode(new byte[20]), 0);
        if (wrong.equals(MfaApi.code(secret, 0))) {
            wrong = wrong.equals("000000") ? "000001" : "000000";
        }
        MfaApi.confirm(token, wrong).then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:mfa-code-invalid"));
        MfaApi.login(email, Api.PASSWORD).then().statusCode(200);
        given().auth().oauth2(token).get("/auth/me").then().body("mfa.totp", equalTo(false));
    }

    @Test
    void confirmWhenRightCodeThenOnWithTenBackupCodesAndLoginAsksForTheCode() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        assertEquals(10, a.backupCodes().size());
        assertEquals(10, new HashSet<>(a.backupCodes()).size());
        a.backupCodes().forEach(c -> assertTrue(c.matches("[a-km-np-z2-9]{5}-[a-km-np-z2-9]{5}"), c));
        given().auth().oauth2(a.token()).get("/auth/me").then().statusCode(200)
                .body("mfa.totp", equalTo(true)).body("mfa.backupCodesLeft", equalTo(10));
        MfaApi.login(a.email(), Api.PASSWORD).then().statusCode(403).header("Cache-Control", "no-store")
                .body("error", equalTo("mfa_required")).body("error_description", notNullValue())
                .body("mfa_token", startsWith("mfa_")).body("expires_in", equalTo(300))
                .body("access_token", nullValue()).body("refresh_token", nullValue());
        // A wrong password is still the one generic answer: nothing says MFA is on.
        MfaApi.login(a.email(), "Not-The-Password-9").then().statusCode(401).body("error", equalTo("invalid_grant"))
                .body("mfa_token", nullValue());
        // Enrolling again while on is refused (turn it off first, with a code).
        MfaApi.start(a.token()).then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:mfa-already-enabled"));
    }

    @Test
    void verifyWhenRightCodeThenTokenResponseWithAmrPwdOtp() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        Response r = MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), a.code(1));
        r.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("bearer"))
                .body("refresh_token", notNullValue());
        String access = r.path("access_token");
        assertEquals("[\"pwd\",\"otp\"]", MfaApi.amrOf(access));
        assertEquals(200, Api.meStatus(access));
        // The session rotates like any other, keeping its amr.
        Response refreshed = given().contentType(ContentType.URLENC).formParam("refresh_token", (String) r.path("refresh_token"))
                .post("/auth/refresh");
        refreshed.then().statusCode(200);
        assertEquals("[\"pwd\",\"otp\"]", MfaApi.amrOf(refreshed.path("access_token")));
    }

    /** SECURITY-CASES 33: the same code twice in a row → the second refused. */
    @Test
    void verifyWhenSameCodeTwiceInARowThenSecondRefused() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String code = a.code(1);
        MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), code).then().statusCode(200);
        MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), code).then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("access_token", nullValue());
        // The confirming code of the enrolment was used too.
        MfaApi.verifyOtp(MfaApi.mfaToken(a.email()), a.code(0)).then().statusCode(400);
    }

    /** SECURITY-CASES 33: ten parallel sign-ins with one code → exactly one session. */
    @Test
    void verifyWhenSameCodeTenTimesInParallelThenExactlyOneWins() throws Exception {
        MfaApi.Enrolled a = MfaApi.enrolled();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tokens.add(MfaApi.mfaToken(a.email()));
        }
        String code = a.code(1);
        List<Integer> statuses = parallel(tokens.stream().<Callable<Integer>>map(t -> () -> MfaApi.verifyOtp(t, code).statusCode()).toList());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
    }

    /** One mfa_token, ten parallel verifications with different right answers → one session. */
    @Test
    void verifyWhenOneMfaTokenInParallelThenOneSession() throws Exception {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String token = MfaApi.mfaToken(a.email());
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String backup = a.backupCodes().get(i);
            calls.add(() -> MfaApi.verifyBackupCode(token, backup).statusCode());
        }
        List<Integer> statuses = parallel(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        long families = TestDatabase.queryLong("SELECT count(*) FROM refresh_family WHERE account_id = ? AND amr LIKE '%otp%'",
                UUID.fromString(a.accountId()));
        assertEquals(1, families);
    }

    /** SECURITY-CASES 35: a backup code twice (also in parallel) → the second refused; stored hashed. */
    @Test
    void verifyBackupCodeWhenUsedTwiceThenSecondRefused() throws Exception {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String code = a.backupCodes().get(0);
        Response r = MfaApi.verifyBackupCode(MfaApi.mfaToken(a.email()), code);
        r.then().statusCode(200);
        assertEquals("[\"pwd\",\"otp\"]", MfaApi.amrOf(r.path("access_token")));
        // Typed differently (upper case, no hyphen) it is still the same, used, code.
        MfaApi.verifyBackupCode(MfaApi.mfaToken(a.email()), code.replace("-", "").toUpperCase()).then().statusCode(400);
        given().auth().oauth2(a.token()).get("/auth/me").then().body("mfa.backupCodesLeft", equalTo(9));

        String second = a.backupCodes().get(1);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tokens.add(MfaApi.mfaToken(a.email()));
        }
        List<Integer> statuses = parallel(tokens.stream().<Callable<Integer>>map(t -> () -> MfaApi.verifyBackupCode(t, second).statusCode()).toList());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());

        // Stored hashed: ten rows, none holding a code in any form.
        List<String> stored = TestDatabase.queryStrings("SELECT code_hash FROM mfa_backup_code WHERE account_id = ?",
                UUID.fromString(a.accountId()));
        assertEquals(10, stored.size());
        for (String hash : stored) {
            assertTrue(hash.matches("[0-9a-f]{64}"), hash);
            for (String c : a.backupCodes()) {
                assertFalse(hash.contains(c.replace("-", "")), "a code is stored in clear");
            }
        }
    }

    /** SECURITY-CASES 35: regenerating voids the old set. */
    @Test
    void regenerateWhenFreshCodeThenNewSetAndOldOneVoid() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(Map.of()).post("/auth/mfa/backup-codes")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:mfa-code-required"));
        Response r = given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(MfaApi.fresh(a.code(1), null))
                .post("/auth/mfa/backup-codes");
        r.then().statusCode(200).header("Cache-Control", "no-store");
        List<String> fresh = r.path("backupCodes");
        assertEquals(10, fresh.size());
        MfaApi.verifyBackupCode(MfaApi.mfaToken(a.email()), a.backupCodes().get(2)).then().statusCode(400);
        MfaApi.verifyBackupCode(MfaApi.mfaToken(a.email()), fresh.get(0)).then().statusCode(200);
    }

    /** SECURITY-CASES 36 and 45: the mfa_token is refused everywhere but the MFA step. */
    @Test
    void mfaTokenWhenPresentedAnywhereElseThenRefused() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String token = MfaApi.mfaToken(a.email());
        given().auth().oauth2(token).get("/auth/me").then().statusCode(401);
        given().auth().oauth2(token).post("/auth/mfa/totp").then().statusCode(401);
        given().auth().oauth2(token).post("/auth/logout-all").then().statusCode(401);
        given().contentType(ContentType.URLENC).formParam("refresh_token", token).post("/auth/refresh").then().statusCode(400);
        // An enrolment-only endpoint does not take a verify token either.
        given().contentType(ContentType.URLENC).formParam("mfa_token", token).post("/auth/mfa/enroll").then().statusCode(400);
        // Still good for its one purpose afterwards.
        MfaApi.verifyOtp(token, a.code(1)).then().statusCode(200);
    }

    /** SECURITY-CASES 45: used twice, or with another account's code → refused. */
    @Test
    void mfaTokenWhenUsedTwiceOrWithAnotherAccountsCodeThenRefused() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        MfaApi.Enrolled b = MfaApi.enrolled();
        String token = MfaApi.mfaToken(a.email());
        // B's valid code does not finish A's sign-in (and is not used up by trying).
        MfaApi.verifyOtp(token, b.code(1)).then().statusCode(400);
        MfaApi.verifyBackupCode(token, b.backupCodes().get(0)).then().statusCode(400);
        MfaApi.verifyOtp(token, a.code(1)).then().statusCode(200);
        // Used: refused with a good backup code too.
        MfaApi.verifyBackupCode(token, a.backupCodes().get(0)).then().statusCode(400).body("error", equalTo("invalid_grant"));
        MfaApi.verifyBackupCode(MfaApi.mfaToken(b.email()), b.backupCodes().get(0)).then().statusCode(200);
        // Made up, or malformed.
        MfaApi.verifyOtp("mfa_" + "A".repeat(43), a.code(0)).then().statusCode(400).body("error", equalTo("invalid_grant"));
        MfaApi.verifyOtp("x".repeat(5000), a.code(0)).then().statusCode(400);
        given().contentType(ContentType.URLENC).formParam("mfa_token", token).post("/auth/mfa/verify").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    /** SECURITY-CASES 36: wrong codes count towards the account's lockout. */
    @Test
    void verifyWhenWrongCodesThenAccountLocksAndRightPasswordRefused() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String right = a.code(1);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tokens.add(MfaApi.mfaToken(a.email()));
        }
        for (int i = 0; i < 5; i++) {
            String wrong = String.format("%06d", (Integer.parseInt(right) + 1 + i) % 1_000_000);
            MfaApi.verifyOtp(tokens.get(i), wrong).then().statusCode(400);
        }
        // Locked: the right password gets the generic answer, and the right code (on a token from
        // before the lock) no session.
        MfaApi.login(a.email(), Api.PASSWORD).then().statusCode(401).body("error", equalTo("invalid_grant"));
        MfaApi.verifyOtp(tokens.get(5), right).then().statusCode(400).body("access_token", nullValue());
        long locked = TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE account_id = ? AND type = 'LOCKOUT'",
                UUID.fromString(a.accountId()));
        assertEquals(1, locked);
    }

    /** One mfa_token takes a bounded number of wrong codes, then it is void. */
    @Test
    void verifyWhenTooManyWrongCodesForOneTokenThenTokenVoid() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String token = MfaApi.mfaToken(a.email());
        String right = a.code(1);
        // Wrong backup codes (the account's lockout counts them as well, and locks at the fifth).
        for (int i = 0; i < 5; i++) {
            MfaApi.verifyBackupCode(token, "aaaaa-aaaa" + "bcdef".charAt(i)).then().statusCode(400);
        }
        MfaApi.verifyOtp(token, right).then().statusCode(400).body("error_description", equalTo(MfaService.TOKEN_INVALID));
    }

    /** SECURITY-CASES 47: no secret or code in /auth/me, the audit trail, the tokens, or the database in clear. */
    @Test
    void secretsWhenEnrolledAndUsedThenNowhereInClear() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String access = MfaApi.verifyBackupCode(MfaApi.mfaToken(a.email()), a.backupCodes().get(0)).then().statusCode(200)
                .extract().path("access_token");
        String me = given().auth().oauth2(access).get("/auth/me").then().statusCode(200).extract().asString();
        List<String> details = TestDatabase.queryStrings("SELECT coalesce(detail, '') FROM audit_event WHERE account_id = ?",
                UUID.fromString(a.accountId()));
        String sealed = TestDatabase.queryStrings("SELECT secret_sealed FROM mfa_totp WHERE account_id = ?",
                UUID.fromString(a.accountId())).get(0);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]));
        String rawHex = java.util.HexFormat.of().formatHex(Base32.decode(a.secret()));
        for (String place : concat(List.of(me, sealed, payload), details)) {
            assertFalse(place.contains(a.secret()), "secret in " + place);
            assertFalse(place.toLowerCase().contains(rawHex), "raw secret in " + place);
            for (String c : a.backupCodes()) {
                assertFalse(place.contains(c) || place.contains(c.replace("-", "")), "backup code in " + place);
            }
        }
        assertTrue(details.stream().anyMatch(d -> d.equals("totp")), "MFA_ENROLLED recorded: " + details);
        assertNotEquals(a.secret(), sealed);
    }

    /** SECURITY-CASES 48: turning MFA off needs a fresh second factor; the password alone is not one. */
    @Test
    void disableWhenNoCodeOrOnlyThePasswordThenRefusedWithCodeThenOff() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(Map.of()).delete("/auth/mfa/totp")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:mfa-code-required"));
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(Map.of("password", Api.PASSWORD)).delete("/auth/mfa/totp")
                .then().statusCode(403);
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(MfaApi.fresh(wrongCode(a), null)).delete("/auth/mfa/totp")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:mfa-code-invalid"));
        MfaApi.login(a.email(), Api.PASSWORD).then().statusCode(403);
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(MfaApi.fresh(null, a.backupCodes().get(3)))
                .delete("/auth/mfa/totp").then().statusCode(204);
        MfaApi.login(a.email(), Api.PASSWORD).then().statusCode(200);
        given().auth().oauth2(a.token()).get("/auth/me").then().body("mfa.totp", equalTo(false)).body("mfa.backupCodesLeft", equalTo(0));
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM mfa_backup_code WHERE account_id = ?", UUID.fromString(a.accountId())));
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(MfaApi.fresh(a.code(1), null)).delete("/auth/mfa/totp")
                .then().statusCode(409);
    }

    /** A right current password does not reset the lockout while the code is wrong: guesses cannot be interleaved. */
    @Test
    void passwordChangeWhenRightPasswordButWrongCodesThenAccountLocks() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        Map<String, Object> body = Map.of("currentPassword", Api.PASSWORD, "newPassword", "Brand-New-Lantern-4410",
                "backupCode", "aaaaa-aaaaa");
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(body).post("/auth/password").then().statusCode(403);
        }
        MfaApi.login(a.email(), Api.PASSWORD).then().statusCode(401);
    }

    /** SECURITY-CASES 48: a password change needs a fresh second factor when MFA is on. */
    @Test
    void passwordChangeWhenMfaOnThenNeedsAFreshCode() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String replacement = "Brand-New-Lantern-4410";
        Map<String, Object> body = new java.util.HashMap<>(Map.of("currentPassword", Api.PASSWORD, "newPassword", replacement));
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(body).post("/auth/password")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:mfa-code-required"));
        body.put("backupCode", "aaaaa-aaaaa");
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(body).post("/auth/password")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:mfa-code-invalid"));
        MfaApi.login(a.email(), replacement).then().statusCode(401);
        body.put("backupCode", a.backupCodes().get(5));
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(body).post("/auth/password").then().statusCode(204);
        MfaApi.login(a.email(), replacement).then().statusCode(403).body("error", equalTo("mfa_required"));
    }

    /** A password change between the two steps voids the pending sign-in (it was bound to the old password). */
    @Test
    void verifyWhenPasswordChangedSinceFirstStepThenRefused() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String pending = MfaApi.mfaToken(a.email());
        Map<String, Object> body = Map.of("currentPassword", Api.PASSWORD, "newPassword", "Brand-New-Lantern-4410",
                "backupCode", a.backupCodes().get(0));
        given().auth().oauth2(a.token()).contentType(ContentType.JSON).body(body).post("/auth/password").then().statusCode(204);
        MfaApi.verifyBackupCode(pending, a.backupCodes().get(1)).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    /** Admin reset: for a person who lost the phone and the codes; audited with the acting admin. */
    @Test
    void adminResetWhenAccountHasMfaThenOffAndAudited() {
        MfaApi.Enrolled a = MfaApi.enrolled();
        String admin = Api.newAdminToken();
        String adminId = Api.jwtField(admin, 1, "sub");
        given().auth().oauth2(a.token()).delete("/admin/accounts/" + a.accountId() + "/mfa").then().statusCode(403);
        given().auth().oauth2(admin).delete("/admin/accounts/" + a.accountId() + "/mfa").then().statusCode(204);
        MfaApi.login(a.email(), Api.PASSWORD).then().statusCode(200);
        List<String> details = TestDatabase.queryStrings(
                "SELECT detail FROM audit_event WHERE account_id = ? AND type = 'MFA_DISABLED'", UUID.fromString(a.accountId()));
        assertEquals(List.of("by " + adminId + ": admin reset"), details);
        given().auth().oauth2(admin).delete("/admin/accounts/" + UUID.randomUUID() + "/mfa").then().statusCode(404);
        given().auth().oauth2(admin).delete("/admin/accounts/not-a-uuid/mfa").then().statusCode(404);
    }

    @Test
    void endpointsWhenMalformedThenClear4xx() {
        String token = Api.newUserToken();
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{").post("/auth/mfa/totp/confirm").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", "123456")).post("/auth/mfa/totp/confirm")
                .then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:mfa-enrollment-not-started"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of()).delete("/auth/mfa/totp").then().statusCode(409);
        given().contentType(ContentType.URLENC).formParam("mfa_token", "mfa_x").formParam("otp", "12345678901234567890")
                .post("/auth/mfa/verify").then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().post("/auth/mfa/totp").then().statusCode(401);
    }

    /** A six-digit code that is none of the account's codes inside the window. */
    private static String wrongCode(MfaApi.Enrolled a) {
        Set<String> window = Set.of(a.code(-1), a.code(0), a.code(1), a.code(2));
        for (int i = 0; ; i++) {
            String c = String.format("%06d", i);
            if (!window.contains(c)) {
                return c;
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static List<Integer> parallel(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> c : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

}
