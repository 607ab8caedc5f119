package dev.gatehouse.mfa;

import dev.gatehouse.Api;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Enrolment and the MFA step as a client calls them; shared by the MFA tests and their *IT twins. */
public final class MfaApi {

    private MfaApi() {
    }

    /** An account with TOTP on: its e-mail, secret, a token and its backup codes. */
    public record Enrolled(String email, String accountId, String secret, String token, List<String> backupCodes) {

        /** The code of the step {@code stepOffset} steps from now (the server accepts -1..+1). */
        public String code(int stepOffset) {
            return MfaApi.code(secret, stepOffset);
        }
    }

    /** A code of {@code base32Secret} for the step {@code stepOffset} steps from the system clock's now. */
    public static String code(String base32Secret, int stepOffset) {
        return Totp.code(Base32.decode(base32Secret), Totp.step(Instant.now()) + stepOffset, Totp.DIGITS);
    }

    public static Response start(String token) {
        return given().auth().oauth2(token).post("/auth/mfa/totp");
    }

    public static Response confirm(String token, String code) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", code)).post("/auth/mfa/totp/confirm");
    }

    /**
     * A new account with TOTP on. Its confirming code was the current step's, so the next code the
     * account can use is the next step's ({@code code(1)}), or a backup code.
     */
    public static Enrolled enrolled() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        String secret = start(token).then().statusCode(200).extract().path("secret");
        List<String> codes = confirm(token, code(secret, 0)).then().statusCode(200).extract().path("backupCodes");
        return new Enrolled(email, id, secret, token, codes);
    }

    public static Response login(String email, String password) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("username", email).formParam("password", password).post("/auth/login");
    }

    /** The mfa_token of a password sign-in of an account with TOTP on. */
    public static String mfaToken(String email) {
        return login(email, Api.PASSWORD).then().statusCode(403).extract().path("mfa_token");
    }

    public static Response verifyOtp(String mfaToken, String otp) {
        return given().contentType(ContentType.URLENC).formParam("mfa_token", mfaToken).formParam("otp", otp).post("/auth/mfa/verify");
    }

    public static Response verifyBackupCode(String mfaToken, String code) {
        return given().contentType(ContentType.URLENC).formParam("mfa_token", mfaToken).formParam("backup_code", code)
                .post("/auth/mfa/verify");
    }

    /** A JSON body with one fresh factor, for DELETE /auth/mfa/totp and POST /auth/mfa/backup-codes. */
    public static Map<String, Object> fresh(String otp, String backupCode) {
        Map<String, Object> body = new HashMap<>();
        if (otp != null) {
            body.put("otp", otp);
        }
        if (backupCode != null) {
            body.put("backupCode", backupCode);
        }
        return body;
    }

    /** The {@code amr} claim of an access token, read without verifying. */
    public static String amrOf(String accessToken) {
        String json = new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        return json.replaceAll(".*\"amr\":(\\[[^\\]]*\\]).*", "$1");
    }
}
