package dev.gatehouse;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * SECURITY-CASES 42: with its Redis stopped, the packaged service answers 503 on revocation-checked
 * requests (never "not revoked"), is not ready, and recovers by itself when Redis is back, with
 * earlier revocations re-seeded from the database. Uses a Redis of its own on a spare port.
 */
class RedisDownIT {

    private static final int REDIS_PORT = 16379;
    private Process redis;
    private GatehouseProcess gatehouse;

    private void startRedis() throws IOException {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(new File("target/it-logs/redis-" + REDIS_PORT + ".log")).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", REDIS_PORT)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void stopRedis() throws InterruptedException {
        redis.destroyForcibly();
        redis.waitFor(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (redis != null && redis.isAlive()) {
            stopRedis();
        }
    }

    @Test
    void requestsWhenRedisStoppedThen503AndRecoveryWithRevocationsKept() throws Exception {
        new File("target/it-logs").mkdirs();
        startRedis();
        // The production limits: 5 logins a minute per address.
        gatehouse = GatehouseProcess.start("redis-down", 18083, "redis://127.0.0.1:" + REDIS_PORT, Map.of());
        String base = gatehouse.baseUri();
        String email = Api.uniqueEmail();
        given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
        String revoked = login(base, email);
        String live = login(base, email);
        given().baseUri(base).auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);

        stopRedis();
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
        org.junit.jupiter.api.Assertions.assertEquals(1, limited, "the sixth login from one address in a minute is refused");

        // A new, empty Redis: the service re-seeds it and answers again without a restart.
        startRedis();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().baseUri(base).auth().oauth2(live).get("/auth/me").then().statusCode(200));
        given().baseUri(base).auth().oauth2(revoked).get("/auth/me").then().statusCode(401);
        given().baseUri(base).get("/q/health/ready").then().statusCode(200);
    }

    private static String login(String base, String email) {
        return given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().path("access_token");
    }
}
