package dev.gatehouse;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SECURITY-CASES 42 and issue 9, item 10, against the packaged jar with a Redis of the test's own
 * on a free port: stopped, the service answers 503 on revocation-checked requests (never "not
 * revoked"), is not ready, keeps limits (per instance), still revokes a replayed refresh token's
 * family durably and audits it, and recovers by itself when Redis is back; blackholed (connections
 * open, no answers), it fails fast instead of sending every request into the void.
 */
class RedisDownIT {

    /** A client that gives up rather than hanging with a blackholed server. */
    private static final RestAssuredConfig PATIENT = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 15_000).setParam("http.connection.timeout", 5_000));

    private RedisServer redis;
    private GatehouseProcess gatehouse;
    private TcpProxy proxy;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void requestsWhenRedisStoppedThen503AndRecoveryWithRevocationsKept() throws Exception {
        redis = RedisServer.launch();
        // The production limits: 5 logins a minute per address.
        gatehouse = GatehouseProcess.start("redis-down", FreePort.next(), redis.url(), Map.of());
        String base = gatehouse.baseUri();
        String email = Api.uniqueEmail();
        register(base, email);
        String revoked = login(base, email).path("access_token");
        String live = login(base, email).path("access_token");
        given().baseUri(base).auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);

        redis.stop();
        given().baseUri(base).auth().oauth2(live).get("/auth/me")
                .then().statusCode(503).header("Retry-After", notNullValue())
                .body("type", equalTo("urn:gatehouse:problem:unavailable"));
        given().baseUri(base).auth().oauth2(revoked).get("/auth/me").then().statusCode(503);
        given().baseUri(base).auth().oauth2(live).post("/auth/logout").then().statusCode(503);
        given().baseUri(base).get("/q/health/ready").then().statusCode(503);
        // Rate limits fall back to this instance's own counters: limited, never unlimited.
        int limited = 0;
        for (int i = 0; i < 6; i++) {
            int status = given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                    .formParam("password", "Wrong-Password-" + i).post("/auth/login").then().extract().statusCode();
            if (status == 429) {
                limited++;
            }
        }
        assertEquals(1, limited, "the sixth login from one address in a minute is refused");

        // A new, empty Redis: the service re-seeds it and answers again without a restart.
        redis.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().baseUri(base).auth().oauth2(live).get("/auth/me").then().statusCode(200));
        given().baseUri(base).auth().oauth2(revoked).get("/auth/me").then().statusCode(401);
        given().baseUri(base).get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void refreshReuseWhenRedisStoppedThenFamilyRevokedDurablyAndAudited() throws Exception {
        redis = RedisServer.launch();
        // No grace window: any second use of a refresh token is a replay.
        gatehouse = GatehouseProcess.start("redis-down-reuse", FreePort.next(), redis.url(),
                Map.of("GATEHOUSE_TOKEN_REFRESH_GRACE_WINDOW", "0s"));
        String base = gatehouse.baseUri();
        String email = Api.uniqueEmail();
        register(base, email);
        Response first = login(base, email);
        String other = login(base, email).path("access_token");
        UUID account = UUID.fromString(given().baseUri(base).auth().oauth2(other).get("/auth/me").path("id"));
        String a = first.path("refresh_token");
        Response rotated = refresh(base, a);
        rotated.then().statusCode(200);
        String b = rotated.path("refresh_token");

        redis.stop();
        // The replay is detected and refused as a replay, not as an outage ...
        refresh(base, a).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // ... and the family ended in the database even though Redis could not take the copy.
        refresh(base, b).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertEquals(1, auditCount(account, "REFRESH_REUSE"));

        redis.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().baseUri(base).auth().oauth2(other).get("/auth/me").then().statusCode(200));
        given().baseUri(base).auth().oauth2(rotated.<String>path("access_token")).get("/auth/me").then().statusCode(401);
        given().baseUri(base).auth().oauth2(first.<String>path("access_token")).get("/auth/me").then().statusCode(401);
    }

    @Test
    void requestsWhenRedisBlackholedThenFailFastWithoutQueueingOnRedis() throws Exception {
        redis = RedisServer.launch();
        proxy = new TcpProxy(FreePort.next(), redis.port()).start();
        gatehouse = GatehouseProcess.start("redis-blackhole", FreePort.next(), "redis://127.0.0.1:" + proxy.port(),
                Map.of("GATEHOUSE_REDIS_OPEN_FOR", "120s", "GATEHOUSE_TOKEN_RESEED_CHECK_INTERVAL", "1h"));
        String base = gatehouse.baseUri();
        String email = Api.uniqueEmail();
        register(base, email);
        String live = login(base, email).path("access_token");
        given().baseUri(base).auth().oauth2(live).get("/auth/me").then().statusCode(200);

        proxy.blackhole();
        for (int i = 0; i < 10; i++) {
            given().config(PATIENT).baseUri(base).auth().oauth2(live).get("/auth/me").then().statusCode(503);
        }
        given().config(PATIENT).baseUri(base).get("/q/health/ready").then().statusCode(503);
        // Logins go on with this instance's own counters (a wrong password is a wrong password).
        for (int i = 0; i < 3; i++) {
            given().config(PATIENT).baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                    .formParam("password", "Wrong-Password-" + i).post("/auth/login").then().statusCode(401);
        }
        // The breaker opened on the first unanswered call: the rest never went to Redis.
        assertTrue(proxy.heldRequests() <= 3, "requests sent into the blackhole: " + proxy.heldRequests());
    }

    private static void register(String base, String email) {
        given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
    }

    private static Response login(String base, String email) {
        Response r = given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", Api.PASSWORD).post("/auth/login");
        r.then().statusCode(200);
        return r;
    }

    private static Response refresh(String base, String token) {
        return given().baseUri(base).contentType(ContentType.URLENC).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", token).post("/auth/refresh");
    }

    private static long auditCount(UUID account, String type) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM audit_event WHERE account_id = ? AND type = ?")) {
            s.setObject(1, account);
            s.setString(2, type);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
