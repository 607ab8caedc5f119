package dev.gatehouse.apikey;

import dev.gatehouse.Api;
import dev.gatehouse.JwksVerifier;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Personal API keys: SECURITY-CASES 37 and 49-51, exchange, introspection. {@code ApiKeyResourceIT} runs them on the jar. */
@QuarkusTest
class ApiKeyResourceTest {

    private static final String CLIENT = "resource-server";
    private static final String CLIENT_SECRET = "rs-secret-for-tests-only";
    private static final String NOT_ALLOWED = "urn:gatehouse:problem:api-key-not-allowed";

    /** A fresh account (optionally with more roles), its id and an access token. */
    record Owner(String id, String email, String token) {
        static Owner create(String... roles) {
            String email = Api.uniqueEmail();
            String id = Api.register(email, Api.PASSWORD);
            if (roles.length > 0) {
                TestDatabase.storeRoles(id, roles);
            }
            return new Owner(id, email, Api.login(email, Api.PASSWORD));
        }
    }

    static Map<String, Object> createKey(String token, List<String> scopes) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "ci deploy", "scopes", scopes, "expiresIn", 3600))
                .post("/auth/api-keys").then().statusCode(201).header("Cache-Control", "no-store")
                .extract().as(Map.class);
    }

    static int meWithKey(String key) {
        return given().header("Authorization", "Bearer " + key).get("/auth/me").then().extract().statusCode();
    }

    static Response exchange(String key) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", key)
                .formParam("subject_token_type", "urn:gatehouse:token-type:api-key")
                .post("/oauth2/token");
    }

    static void setExpiry(String keyId, Instant at) {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("UPDATE api_key SET expires_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, UUID.fromString(keyId));
            assertEquals(1, s.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Case 37. */
    @Test
    void createWhenKeyIssuedThenPrefixedShownOnceStoredHashedAndRevokedOrExpiredRefused() {
        Owner owner = Owner.create();
        Map<String, Object> created = createKey(owner.token(), List.of("openid", "profile"));
        String key = (String) created.get("key");
        String id = (String) created.get("id");
        assertTrue(key.matches("gk_[0-9A-Za-z]{49}"), "gk_ + 43 random base62 characters (256 bits) + 6 of checksum");
        assertTrue(ApiKeyFormat.wellFormed(key));
        assertEquals(key.substring(0, 9), created.get("prefix"));
        // Shown once: the list has the prefix, never the key.
        String list = given().auth().oauth2(owner.token()).get("/auth/api-keys").then().statusCode(200).extract().asString();
        assertTrue(list.contains(id) && list.contains(key.substring(0, 9)));
        assertFalse(list.contains(key.substring(9)));
        // Stored hashed: the row holds a 64-hex-digit HMAC, and no column holds the key.
        String stored = TestDatabase.queryStrings("SELECT key_hash FROM api_key WHERE id = ?", UUID.fromString(id)).get(0);
        assertTrue(stored.matches("[0-9a-f]{64}"));
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM api_key WHERE position(? in (key_hash || name || prefix || scopes)) > 0",
                key.substring(9)));
        // It works, with amr api_key, through either header.
        given().header("Authorization", "Bearer " + key).get("/auth/me").then().statusCode(200).body("id", equalTo(owner.id()));
        given().header("X-API-Key", key).get("/auth/me").then().statusCode(200).body("id", equalTo(owner.id()));
        // A key cannot manage the account (more in case 51).
        given().header("X-API-Key", key).contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("openid"), "expiresIn", 60))
                .post("/auth/api-keys").then().statusCode(403).body("type", equalTo(NOT_ALLOWED));
        // Revoked: refused at once.
        given().auth().oauth2(owner.token()).delete("/auth/api-keys/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).get("/auth/me").then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
        given().auth().oauth2(owner.token()).delete("/auth/api-keys/" + id).then().statusCode(404);
        // Expired: refused at once.
        Map<String, Object> second = createKey(owner.token(), List.of("openid"));
        assertEquals(200, meWithKey((String) second.get("key")));
        setExpiry((String) second.get("id"), Instant.now().minusSeconds(1));
        assertEquals(401, meWithKey((String) second.get("key")));
        given().auth().oauth2(owner.token()).get("/auth/api-keys").then().statusCode(200).body("id", not(hasItem(second.get("id"))));
    }

    @Test
    void createWhenRulesBrokenThen400Or409() {
        Owner owner = Owner.create();
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("openid")))
                .post("/auth/api-keys").then().statusCode(400).body("rule", equalTo("expires_in_required"));
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of("openid"), "expiresIn", 400L * 24 * 3600))
                .post("/auth/api-keys").then().statusCode(400).body("rule", equalTo("expires_in_invalid"));
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("admin"), "expiresIn", 60))
                .post("/auth/api-keys").then().statusCode(400).body("rule", equalTo("scopes_not_allowed"));
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON).body(Map.of("name", "a\u0000b", "scopes", List.of("openid"), "expiresIn", 60))
                .post("/auth/api-keys").then().statusCode(400).body("rule", equalTo("name_invalid"));
        for (int i = 0; i < 25; i++) {
            createKey(owner.token(), List.of("openid"));
        }
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("openid"), "expiresIn", 60))
                .post("/auth/api-keys").then().statusCode(409).body("type", equalTo("urn:gatehouse:problem:api-key-limit"));
    }

    @Test
    void createWhenManyInParallelThenNeverPastTheLimit() throws Exception {
        Owner owner = Owner.create();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(pool.submit(() -> given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                        .body(Map.of("name", "parallel", "scopes", List.of("openid"), "expiresIn", 60))
                        .post("/auth/api-keys").then().extract().statusCode()));
            }
            int created = 0;
            for (var a : answers) {
                int status = a.get(60, TimeUnit.SECONDS);
                assertTrue(status == 201 || status == 409, "status " + status);
                created += status == 201 ? 1 : 0;
            }
            assertEquals(25, created);
            assertEquals(25L, TestDatabase.queryLong("SELECT count(*) FROM api_key WHERE account_id = ?", UUID.fromString(owner.id())));
        } finally {
            pool.shutdownNow();
        }
    }

    private static long waitingOnApiKeyTable() {
        return TestDatabase.queryLong("SELECT count(*) FROM pg_locks l JOIN pg_class r ON r.oid = l.relation "
                + "WHERE r.relname = 'api_key' AND NOT l.granted");
    }

    /**
     * Case 49. The test holds an exclusive lock on the api_key table, so any statement on it waits:
     * a broken key that reached the database would hang its request (and fail on the client's
     * timeout). A well-formed unknown key sent last must be seen waiting on the lock, which shows
     * the check can tell; once the lock goes it gets its 401 too.
     */
    @Test
    void authenticateWhenChecksumPrefixOrLengthWrongThen401WithoutDatabaseLookup() throws Exception {
        String good = ApiKeyFormat.generate(new SecureRandom());
        char last = good.charAt(good.length() - 1);
        String brokenChecksum = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
        String unknownPrefix = "gq_" + good.substring(3);
        List<String> broken = List.of(brokenChecksum, unknownPrefix, good + "A", good.substring(0, good.length() - 1), "gk_", "gk_short");
        RestAssuredConfig quick = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 5000).setParam("http.connection.timeout", 5000));
        try (Connection lock = TestDatabase.connect()) {
            lock.setAutoCommit(false);
            try (var s = lock.createStatement()) {
                s.execute("LOCK TABLE api_key IN ACCESS EXCLUSIVE MODE");
            }
            for (String k : broken) {
                given().config(quick).header("Authorization", "Bearer " + k).get("/auth/me").then().statusCode(401)
                        .header("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
                given().config(quick).header("X-API-Key", k).get("/auth/me").then().statusCode(401);
            }
            assertEquals(0, waitingOnApiKeyTable());
            CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(() ->
                    given().header("X-API-Key", good).get("/auth/me").then().extract().statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnApiKeyTable() > 0);
            lock.rollback();
            assertEquals(401, probe.get(30, TimeUnit.SECONDS));
        }
    }

    /** Case 50: disabled, demoted, deleted owner → the key's next request is refused. */
    @Test
    void authenticateWhenOwnerDisabledDemotedOrDeletedThenRefused() {
        String admin = Api.newAdminToken();
        Owner owner = Owner.create("user", "admin");
        String userKey = (String) createKey(owner.token(), List.of("openid", "user")).get("key");
        String adminKey = (String) createKey(owner.token(), List.of("openid", "admin")).get("key");
        assertEquals(200, meWithKey(userKey));
        assertEquals(200, meWithKey(adminKey));
        // Demoted: the key that carries admin stops; the other still works.
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .put("/admin/accounts/" + owner.id() + "/roles").then().statusCode(200);
        assertEquals(401, meWithKey(adminKey));
        exchange(adminKey).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertEquals(200, meWithKey(userKey));
        // Disabled: every key stops; enabled again, the keys within its rights work again.
        given().auth().oauth2(admin).post("/admin/accounts/" + owner.id() + "/disable").then().statusCode(204);
        assertEquals(401, meWithKey(userKey));
        exchange(userKey).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().auth().oauth2(admin).post("/admin/accounts/" + owner.id() + "/enable").then().statusCode(204);
        assertEquals(200, meWithKey(userKey));
        // Deleted: gone.
        given().auth().oauth2(admin).delete("/admin/accounts/" + owner.id()).then().statusCode(204);
        assertEquals(401, meWithKey(userKey));
        // The refusals of known keys are audited, without the key.
        assertTrue(TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE type = 'API_KEY_USED_ERROR' AND account_id = ?",
                UUID.fromString(owner.id())) >= 3);
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE detail LIKE ? OR detail LIKE ?",
                "%" + userKey.substring(9) + "%", "%" + adminKey.substring(9) + "%"));
    }

    /** Case 51: neither a key nor a token exchanged for one can manage the account or reach /admin. */
    @Test
    void requestWhenKeyManagesAccountOrAdminThen403() {
        Owner owner = Owner.create("user", "admin");
        Map<String, Object> created = createKey(owner.token(), List.of("openid", "user", "admin"));
        String key = (String) created.get("key");
        String exchanged = exchange(key).then().statusCode(200).extract().path("access_token");
        for (String credential : List.of("X-API-Key:" + key, "Authorization:Bearer " + key, "Authorization:Bearer " + exchanged)) {
            String header = credential.substring(0, credential.indexOf(':'));
            String value = credential.substring(credential.indexOf(':') + 1);
            given().header(header, value).get("/auth/me").then().statusCode(200);
            given().header(header, value).contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "Other-Harbor-8823"))
                    .post("/auth/password").then().statusCode(403).contentType("application/problem+json").body("type", equalTo(NOT_ALLOWED));
            given().header(header, value).get("/auth/api-keys").then().statusCode(403).body("type", equalTo(NOT_ALLOWED));
            given().header(header, value).contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("openid"), "expiresIn", 60))
                    .post("/auth/api-keys").then().statusCode(403).body("type", equalTo(NOT_ALLOWED));
            given().header(header, value).delete("/auth/api-keys/" + created.get("id")).then().statusCode(403);
            given().header(header, value).post("/auth/logout-all").then().statusCode(403);
            given().header(header, value).get("/auth/sessions").then().statusCode(403);
            given().header(header, value).get("/auth/identities").then().statusCode(403);
            given().header(header, value).get("/admin/accounts").then().statusCode(403).body("type", equalTo(NOT_ALLOWED));
            given().header(header, value).post("/admin/accounts/" + owner.id() + "/disable").then().statusCode(403);
            given().header(header, value).get("/admin/clients").then().statusCode(403);
            given().header(header, value).post("/admin/keys/rotate").then().statusCode(403);
        }
        // Nothing above changed anything: the password and the key are as they were.
        Api.login(owner.email(), Api.PASSWORD);
        assertEquals(200, meWithKey(key));
    }

    /** Exchange (RFC 8693): a short-lived token that verifies offline and dies with the key. */
    @Test
    void exchangeWhenKeyValidThenShortLivedTokenVerifiedByJwksAndRevokedWithKey() throws Exception {
        Owner owner = Owner.create();
        Map<String, Object> created = createKey(owner.token(), List.of("openid", "profile"));
        String key = (String) created.get("key");
        Map<String, Object> answer = exchange(key).then().statusCode(200).header("Cache-Control", "no-store")
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"))
                .body("token_type", equalTo("bearer")).body("refresh_token", nullValue())
                .body("scope", equalTo("openid profile"))
                .extract().as(Map.class);
        assertTrue(((Number) answer.get("expires_in")).longValue() <= 300);
        String token = (String) answer.get("access_token");
        JwtClaims claims = JwksVerifier.forTestService("gatehouse").verify(token);
        assertEquals(owner.id(), claims.getSubject());
        assertEquals(List.of("api_key"), claims.getStringListClaimValue("amr"));
        assertEquals("openid profile", claims.getStringClaimValue("scope"));
        assertTrue(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() <= 300);
        assertEquals(200, Api.meStatus(token));
        // A narrower scope is fine; a wider one is not.
        given().contentType(ContentType.URLENC).formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", key).formParam("subject_token_type", "urn:gatehouse:token-type:api-key")
                .formParam("scope", "openid").post("/oauth2/token").then().statusCode(200).body("scope", equalTo("openid"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", key).formParam("subject_token_type", "urn:gatehouse:token-type:api-key")
                .formParam("scope", "openid email").post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_scope"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", key).formParam("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        // Revoking the key revokes the tokens exchanged for it, at once.
        given().auth().oauth2(owner.token()).delete("/auth/api-keys/" + created.get("id")).then().statusCode(204);
        assertEquals(401, Api.meStatus(token));
        given().auth().preemptive().basic(CLIENT, CLIENT_SECRET).contentType(ContentType.URLENC).formParam("token", token)
                .post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(false));
        exchange(key).then().statusCode(400).header("Cache-Control", "no-store").body("error", equalTo("invalid_grant"));
        exchange("gk_not-a-key").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void introspectWhenKeyThenActiveUntilRevoked() {
        Owner owner = Owner.create();
        Map<String, Object> created = createKey(owner.token(), List.of("openid"));
        String key = (String) created.get("key");
        given().auth().preemptive().basic(CLIENT, CLIENT_SECRET).contentType(ContentType.URLENC).formParam("token", key)
                .post("/oauth2/introspect").then().statusCode(200)
                .body("active", equalTo(true)).body("token_type", equalTo("api_key"))
                .body("sub", equalTo(owner.id())).body("scope", equalTo("openid"));
        given().auth().preemptive().basic(CLIENT, CLIENT_SECRET).contentType(ContentType.URLENC).formParam("token", key + "x")
                .post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(false));
        given().auth().oauth2(owner.token()).delete("/auth/api-keys/" + created.get("id")).then().statusCode(204);
        given().auth().preemptive().basic(CLIENT, CLIENT_SECRET).contentType(ContentType.URLENC).formParam("token", key)
                .post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(false));
    }
}
