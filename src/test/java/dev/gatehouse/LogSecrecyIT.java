package dev.gatehouse;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Logs never hold a password, token, secret": the packaged jar, started as an operator would with
 * DEBUG logging for {@code dev.gatehouse}, goes through every flow (register, login right and
 * wrong, refresh, refresh reuse, logout, logout-all, password change, introspection, revocation,
 * the feed, the admin API); then its whole log is searched for every secret it was shown.
 *
 * <p>It runs on a database of its own, created empty here, so that the bootstrap admin is created
 * (and its password is one of the secrets) and a fresh signing key is generated and sealed under a
 * key-encryption secret that exists only in this test.
 */
class LogSecrecyIT {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private static String database;
    private static GatehouseProcess gatehouse;
    /** A real SMTP server: the mails' one-time links join the tokens that must never be logged. */
    private static com.icegreen.greenmail.util.GreenMail smtp;
    private static Path log;

    /** Every password and secret Gatehouse was told, by what it is. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    /** Every token Gatehouse handed out (and each access token's signature), by what it is. */
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();
    /** A bearer token presented with a broken signature; its refusal is logged at DEBUG. */
    private static String tampered;
    /** The whole log of the run, read once the instance has stopped. */
    private static String text;

    private static final String KEY_SECRET = "log-secrecy-key-secret-" + UUID.randomUUID();
    private static final String CLIENT_ID = "log-secrecy-rs";
    private static final String CLIENT_SECRET = "rs-secret-" + UUID.randomUUID();
    private static final String ADMIN_EMAIL = "admin-" + UUID.randomUUID() + "@example.com";
    private static final String ADMIN_PASSWORD = "Admin-Lantern-" + UUID.randomUUID();
    private static final String PASSWORD = "Quiet-Harbor-" + UUID.randomUUID();
    private static final String NEW_PASSWORD = "Brand-New-Lantern-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "Wrong-Harbor-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        database = "gatehouse_log_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(ADMIN_URL, TestDatabase.USER, System.getenv().getOrDefault("PGPASSWORD", ""));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        int port;
        port = FreePort.next();
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        env.put("GATEHOUSE_KEY_ENCRYPTION_SECRET", KEY_SECRET);
        env.put("GATEHOUSE_API_KEY_SECRET", GatehouseProcess.API_KEY_SECRET);
        env.put("GATEHOUSE_TOKEN_SERVICE_CLIENTS", CLIENT_ID + ":" + CLIENT_SECRET);
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // A reuse is a reuse at once: no waiting out a grace window.
        env.put("GATEHOUSE_TOKEN_REFRESH_GRACE_WINDOW", "0S");
        env.put("QUARKUS_LOG_CATEGORY__DEV_GATEHOUSE__LEVEL", "DEBUG");
        env.put("GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_PROTECTION_LOGIN_PER_ACCOUNT", "100000");
        env.put("GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000");
        env.put("GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS", "100000");
        smtp = dev.gatehouse.mail.GreenMailResource.startServer();
        env.put("QUARKUS_MAILER_MOCK", "false");
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("QUARKUS_MAILER_KEEP_ALIVE", "false");
        env.put("GATEHOUSE_MAIL_SEND_TIMEOUT", "3s");
        env.put("GATEHOUSE_MAIL_RETRY_BASE", "500ms");
        env.put("GATEHOUSE_MAIL_RETRY_MAX", "2s");
        gatehouse = GatehouseProcess.start("log-secrecy", port, "redis://127.0.0.1:6379", env);
        log = Path.of("target/it-logs/log-secrecy.log");
        SECRETS.put("key-encryption secret", KEY_SECRET);
        SECRETS.put("service-client secret", CLIENT_SECRET);
        SECRETS.put("bootstrap admin password", ADMIN_PASSWORD);
        SECRETS.put("password", PASSWORD);
        SECRETS.put("new password", NEW_PASSWORD);
        SECRETS.put("wrong password", WRONG_PASSWORD);
        runEveryFlow();
        gatehouse.close();
        text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("DEBUG [de.ga."), "DEBUG logging of dev.gatehouse was on, or this test proves less than it says");
        assertTrue(text.contains("Created the bootstrap admin account"), "the bootstrap admin was created by the instance this test read");
    }

    @AfterAll
    static void stop() throws SQLException {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (database != null) {
            try (Connection c = DriverManager.getConnection(ADMIN_URL, TestDatabase.USER, System.getenv().getOrDefault("PGPASSWORD", ""));
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static RequestSpecification api() {
        return given().baseUri(gatehouse.baseUri());
    }

    private static Response login(String email, String password) {
        return api().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("username", email).formParam("password", password).post("/auth/login");
    }

    /** A successful login; its tokens join the secrets. */
    private static Response pair(String email, String password, String name) {
        Response r = login(email, password);
        r.then().statusCode(200);
        remember(name, r);
        return r;
    }

    private static Response refresh(String refreshToken) {
        return api().contentType(ContentType.URLENC).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refreshToken).post("/auth/refresh");
    }

    private static void remember(String name, Response tokenResponse) {
        String access = tokenResponse.path("access_token");
        TOKENS.put(name + " access token", access);
        TOKENS.put(name + " access token signature", access.substring(access.lastIndexOf('.') + 1));
        TOKENS.put(name + " refresh token", tokenResponse.path("refresh_token"));
    }

    private static RequestSpecification service(String secret) {
        return api().auth().preemptive().basic(CLIENT_ID, secret).contentType(ContentType.URLENC);
    }

    /** Register, login right and wrong, refresh and reuse, logout, logout-all, password change, service client, feed, admin. */
    private static void runEveryFlow() throws SQLException {
        // What answers is what this test started: its JWKS holds exactly the key of the new database.
        List<String> published = api().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
        assertEquals(kids().stream().sorted().toList(), published.stream().sorted().toList(), "the instance on " + gatehouse.baseUri());

        String email = "log-" + UUID.randomUUID() + "@example.com";
        String id = api().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD, "displayName", "Log Person"))
                .post("/auth/register").then().statusCode(201).extract().path("id");
        login(email, WRONG_PASSWORD).then().statusCode(401);
        login("nobody-" + UUID.randomUUID() + "@example.com", WRONG_PASSWORD).then().statusCode(401);

        // Refresh, and a reuse that revokes the family.
        Response first = pair(email, PASSWORD, "first");
        api().auth().oauth2(first.path("access_token")).get("/auth/me").then().statusCode(200);
        Response second = refresh(first.path("refresh_token"));
        second.then().statusCode(200);
        remember("second", second);
        Response third = refresh(second.path("refresh_token"));
        third.then().statusCode(200);
        remember("third", third);
        refresh(first.path("refresh_token")).then().statusCode(400).body("error", equalTo("invalid_grant"));
        refresh(third.path("refresh_token")).then().statusCode(400);
        api().auth().oauth2(third.path("access_token")).get("/auth/me").then().statusCode(401);

        // Logout.
        Response fourth = pair(email, PASSWORD, "fourth");
        api().auth().oauth2(fourth.path("access_token")).post("/auth/logout").then().statusCode(204);
        api().auth().oauth2(fourth.path("access_token")).get("/auth/me").then().statusCode(401);

        // Introspection and revocation by the service client, and the feed.
        Response fifth = pair(email, PASSWORD, "fifth");
        String wrongClientSecret = "not-the-rs-secret-" + UUID.randomUUID();
        SECRETS.put("wrong service-client secret", wrongClientSecret);
        service(wrongClientSecret).formParam("token", fifth.<String>path("access_token")).post("/oauth2/introspect")
                .then().statusCode(401);
        service(CLIENT_SECRET).formParam("token", fifth.<String>path("access_token")).post("/oauth2/introspect")
                .then().statusCode(200).body("active", equalTo(true));
        service(CLIENT_SECRET).formParam("token", fifth.<String>path("refresh_token")).post("/oauth2/introspect")
                .then().statusCode(200).body("active", equalTo(true));
        service(CLIENT_SECRET).formParam("token", fifth.<String>path("access_token")).post("/oauth2/revoke").then().statusCode(200);
        service(CLIENT_SECRET).formParam("token", fifth.<String>path("refresh_token")).post("/oauth2/revoke").then().statusCode(200);
        service(CLIENT_SECRET).formParam("token", fifth.<String>path("access_token")).post("/oauth2/introspect")
                .then().statusCode(200).body("active", equalTo(false));
        api().auth().preemptive().basic(CLIENT_ID, CLIENT_SECRET).get("/auth/revocations").then().statusCode(200);
        api().auth().preemptive().basic(CLIENT_ID, wrongClientSecret).get("/auth/revocations").then().statusCode(401);

        // Two-factor sign-in: its secret, backup codes and mfa_tokens join the secrets (six-digit
        // codes do not: any six digits of a timestamp would match them).
        String mfaEmail = "log-mfa-" + UUID.randomUUID() + "@example.com";
        api().contentType(ContentType.JSON).body(Map.of("email", mfaEmail, "password", PASSWORD)).post("/auth/register")
                .then().statusCode(201);
        String mfaAccess = pair(mfaEmail, PASSWORD, "mfa enrolment").path("access_token");
        String totpSecret = api().auth().oauth2(mfaAccess).post("/auth/mfa/totp").then().statusCode(200).extract().path("secret");
        SECRETS.put("TOTP secret", totpSecret);
        List<String> backupCodes = api().auth().oauth2(mfaAccess).contentType(ContentType.JSON)
                .body(Map.of("code", dev.gatehouse.mfa.MfaApi.code(totpSecret, 0))).post("/auth/mfa/totp/confirm")
                .then().statusCode(200).extract().path("backupCodes");
        for (int i = 0; i < backupCodes.size(); i++) {
            SECRETS.put("backup code " + i, backupCodes.get(i));
            SECRETS.put("backup code " + i + " without hyphen", backupCodes.get(i).replace("-", ""));
        }
        String mfaToken = login(mfaEmail, PASSWORD).then().statusCode(403).extract().path("mfa_token");
        TOKENS.put("mfa_token", mfaToken);
        api().contentType(ContentType.URLENC).formParam("mfa_token", mfaToken).formParam("backup_code", "zzzzz-zzzzz")
                .post("/auth/mfa/verify").then().statusCode(400);
        Response mfaPair = api().contentType(ContentType.URLENC).formParam("mfa_token", mfaToken)
                .formParam("otp", dev.gatehouse.mfa.MfaApi.code(totpSecret, 1)).post("/auth/mfa/verify");
        mfaPair.then().statusCode(200);
        remember("after MFA", mfaPair);
        String second2fa = login(mfaEmail, PASSWORD).then().statusCode(403).extract().path("mfa_token");
        TOKENS.put("second mfa_token", second2fa);
        api().contentType(ContentType.URLENC).formParam("mfa_token", second2fa).formParam("backup_code", backupCodes.get(0))
                .post("/auth/mfa/verify").then().statusCode(200);
        List<String> regenerated = api().auth().oauth2(mfaAccess).contentType(ContentType.JSON)
                .body(Map.of("backupCode", backupCodes.get(1))).post("/auth/mfa/backup-codes")
                .then().statusCode(200).extract().path("backupCodes");
        for (int i = 0; i < regenerated.size(); i++) {
            SECRETS.put("regenerated backup code " + i, regenerated.get(i));
        }
        api().auth().oauth2(mfaAccess).contentType(ContentType.JSON).body(Map.of("backupCode", regenerated.get(0)))
                .delete("/auth/mfa/totp").then().statusCode(204);

        // The account lifecycle: the links of the verification and reset mails join the tokens.
        String lcEmail = "log-lc-" + UUID.randomUUID() + "@example.com";
        api().contentType(ContentType.JSON).body(Map.of("email", lcEmail, "password", PASSWORD)).post("/auth/register")
                .then().statusCode(201);
        String verifyToken = dev.gatehouse.mail.GreenMailResource.tokenIn(
                dev.gatehouse.lifecycle.Lifecycle.awaitMails(smtp, lcEmail, 1).get(0)).orElseThrow();
        TOKENS.put("verification link token", verifyToken);
        api().contentType(ContentType.JSON).body(Map.of("token", verifyToken, "password", PASSWORD)).post("/auth/email/verify").then().statusCode(200);
        api().contentType(ContentType.JSON).body(Map.of("email", lcEmail)).post("/auth/password/forgot").then().statusCode(202);
        String resetToken = dev.gatehouse.mail.GreenMailResource.tokenIn(
                dev.gatehouse.lifecycle.Lifecycle.awaitLinkMail(smtp, lcEmail, "/reset", 1)).orElseThrow();
        TOKENS.put("reset link token", resetToken);
        api().contentType(ContentType.JSON).body(Map.of("token", resetToken, "newPassword", "short")).post("/auth/password/reset")
                .then().statusCode(400);
        api().contentType(ContentType.JSON).body(Map.of("token", resetToken, "newPassword", NEW_PASSWORD)).post("/auth/password/reset")
                .then().statusCode(204);
        api().contentType(ContentType.JSON).body(Map.of("token", resetToken, "newPassword", NEW_PASSWORD)).post("/auth/password/reset")
                .then().statusCode(400);

        // Every login the rest needs comes before the account-wide revocations below, so none of
        // them depends on how a login in the same second as a logout-all is treated.
        String admin = pair(ADMIN_EMAIL, ADMIN_PASSWORD, "admin").path("access_token");
        Response sixth = pair(email, PASSWORD, "sixth");
        Response seventh = pair(email, PASSWORD, "seventh");

        // Password change: refused with a wrong current password, then done, ending the other sessions.
        api().auth().oauth2(seventh.path("access_token")).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", WRONG_PASSWORD, "newPassword", NEW_PASSWORD))
                .post("/auth/password").then().statusCode(403);
        api().auth().oauth2(seventh.path("access_token")).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD, "endOtherSessions", true))
                .post("/auth/password").then().statusCode(204);
        login(email, PASSWORD).then().statusCode(401);
        refresh(sixth.path("refresh_token")).then().statusCode(400);

        // Logout-all from the session that changed the password.
        api().auth().oauth2(seventh.path("access_token")).post("/auth/logout-all").then().statusCode(204);
        api().auth().oauth2(seventh.path("access_token")).get("/auth/me").then().statusCode(401);

        // The admin API, as the bootstrap admin.
        api().auth().oauth2(admin).queryParam("q", email).get("/admin/accounts").then().statusCode(200).body("items.id", hasItem(id));
        api().auth().oauth2(admin).post("/admin/accounts/" + id + "/disable").then().statusCode(204);
        login(email, NEW_PASSWORD).then().statusCode(401);
        api().auth().oauth2(admin).post("/admin/accounts/" + id + "/enable").then().statusCode(204);
        Response eighth = pair(email, NEW_PASSWORD, "eighth");
        api().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("user", "admin")))
                .put("/admin/accounts/" + id + "/roles").then().statusCode(200);
        api().auth().oauth2(admin).post("/admin/accounts/" + id + "/logout-all").then().statusCode(204);
        api().auth().oauth2(eighth.path("access_token")).get("/auth/me").then().statusCode(401);
        api().auth().oauth2(admin).queryParam("account", id).get("/admin/audit").then().statusCode(200);
        api().auth().oauth2(admin).post("/admin/keys/rotate").then().statusCode(200);
        api().auth().oauth2(admin).delete("/admin/accounts/" + id).then().statusCode(204);

        // API keys, their exchange and introspection, and machine clients (issue 11).
        Map<String, Object> created = api().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "log", "scopes", List.of("openid"), "expiresIn", 600))
                .post("/auth/api-keys").then().statusCode(201).extract().as(Map.class);
        String apiKey = (String) created.get("key");
        SECRETS.put("API key (all but the shown prefix)", apiKey.substring(9));
        api().header("X-API-Key", apiKey).get("/auth/me").then().statusCode(200);
        api().header("Authorization", "Bearer " + apiKey.substring(0, apiKey.length() - 1) + (apiKey.endsWith("A") ? "B" : "A"))
                .get("/auth/me").then().statusCode(401);
        Response exchanged = api().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", apiKey).formParam("subject_token_type", "urn:gatehouse:token-type:api-key")
                .post("/oauth2/token");
        exchanged.then().statusCode(200);
        TOKENS.put("exchanged access token", exchanged.path("access_token"));
        service(CLIENT_SECRET).formParam("token", apiKey).post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(true));
        api().auth().oauth2(admin).delete("/auth/api-keys/" + created.get("id")).then().statusCode(204);
        api().header("X-API-Key", apiKey).get("/auth/me").then().statusCode(401);
        String machineSecret = api().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", "log-machine", "scopes", List.of("a")))
                .post("/admin/clients").then().statusCode(201).extract().path("clientSecret");
        SECRETS.put("machine client secret", machineSecret);
        Response machine = api().auth().preemptive().basic("log-machine", machineSecret).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth2/token");
        machine.then().statusCode(200);
        TOKENS.put("client-credentials access token", machine.path("access_token"));
        String wrongMachineSecret = "gcs_wrong" + UUID.randomUUID().toString().replace("-", "");
        SECRETS.put("wrong machine client secret", wrongMachineSecret);
        api().auth().preemptive().basic("log-machine", wrongMachineSecret).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth2/token").then().statusCode(401);
        String rotated = api().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of())
                .post("/admin/clients/log-machine/secret").then().statusCode(200).extract().path("clientSecret");
        SECRETS.put("rotated machine client secret", rotated);
        try {
            org.jose4j.jwk.RsaJsonWebKey jwk = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
            jwk.setKeyId("log-k1");
            api().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("clientId", "log-jwt", "authMethod", "private_key_jwt", "scopes", List.of("a"),
                            "jwks", Map.of("keys", List.of(jwk.toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY)))))
                    .post("/admin/clients").then().statusCode(201);
            org.jose4j.jwt.JwtClaims c = new org.jose4j.jwt.JwtClaims();
            c.setIssuer("log-jwt");
            c.setSubject("log-jwt");
            c.setAudience("http://localhost:8081/oauth2/token");
            c.setGeneratedJwtId();
            c.setExpirationTimeMinutesInTheFuture(2);
            org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
            jws.setPayload(c.toJson());
            jws.setKey(jwk.getPrivateKey());
            jws.setKeyIdHeaderValue("log-k1");
            jws.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256);
            String assertion = jws.getCompactSerialization();
            SECRETS.put("client assertion signature", assertion.substring(assertion.lastIndexOf('.') + 1));
            for (int status : new int[] {200, 401}) {
                api().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                        .formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                        .formParam("client_assertion", assertion).post("/oauth2/token").then().statusCode(status);
            }
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }

        // A bearer token refused at DEBUG level (the refusal is logged): one with a broken signature.
        String access = eighth.path("access_token");
        tampered = access.substring(0, access.length() - 4) + (access.endsWith("AAAA") ? "BBBB" : "AAAA");
        api().auth().oauth2(tampered).get("/auth/me").then().statusCode(401);
    }

    private static Set<String> foundIn(String log, Map<String, String> secrets) {
        Set<String> found = new TreeSet<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            if (log.contains(secret.getValue())) {
                found.add(secret.getKey());
            }
        }
        return found;
    }

    @Test
    void logWhenEveryFlowRanWithDebugLoggingThenNoPasswordOrSecretInIt() {
        assertEquals(Set.of(), foundIn(text, SECRETS), "secrets in " + log);
    }

    @Test
    void logWhenEveryFlowRanWithDebugLoggingThenNoIssuedTokenInIt() {
        assertEquals(Set.of(), foundIn(text, TOKENS), "tokens in " + log);
    }

    @Test
    void logWhenBearerTokenRefusedThenThePresentedTokenIsNotInIt() {
        assertEquals(Set.of(), foundIn(text, Map.of(
                "presented token", tampered,
                "presented token's signature", tampered.substring(tampered.lastIndexOf('.') + 1))), "in " + log);
        // Nor any other compact JWS with its signature: header.payload.signature.
        Matcher jws = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}").matcher(text);
        assertFalse(jws.find(), () -> "a signed JWT in " + log + ": " + jws.group());
    }

    /** The signing keys in this test's own database (TestDatabase reads the shared test database). */
    static List<String> kids() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, TestDatabase.USER,
                System.getenv().getOrDefault("PGPASSWORD", ""));
             Statement s = c.createStatement(); var r = s.executeQuery("SELECT kid FROM signing_key")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
