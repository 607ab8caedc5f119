package dev.gatehouse.client;

import dev.gatehouse.Api;
import dev.gatehouse.FreePort;
import dev.gatehouse.GatehouseProcess;
import dev.gatehouse.RedisServer;
import dev.gatehouse.TestDatabase;
import io.restassured.http.ContentType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A {@code private_key_jwt} assertion while Redis (where used {@code jti}s live) is down: 503,
 * never accepted unchecked; once Redis is back, assertions work again and a replay is refused.
 */
class AssertionReplayRedisDownIT {

    private RedisServer redis;
    private GatehouseProcess gatehouse;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void assertionWhenRedisDownThen503AndNeverAccepted() throws Exception {
        redis = RedisServer.launch();
        gatehouse = GatehouseProcess.start("assertion-redis-down", FreePort.next(), redis.url());
        String base = gatehouse.baseUri();
        String email = Api.uniqueEmail();
        String id = given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201).extract().path("id");
        TestDatabase.storeRoles(id, "user", "admin");
        String admin = given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", Api.PASSWORD).post("/auth/login").then().statusCode(200).extract().path("access_token");
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        String client = ClientCredentialsTest.newClientId();
        given().baseUri(base).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", client, "authMethod", "private_key_jwt", "scopes", List.of("a"),
                        "jwks", Map.of("keys", List.of(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)))))
                .post("/admin/clients").then().statusCode(201);
        String aud = "http://localhost:8081/oauth2/token";

        redis.stop();
        String during = ClientCredentialsTest.assertion(key, client, aud, 120, UUID.randomUUID().toString());
        given().baseUri(base).contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .formParam("client_assertion", during).post("/oauth2/token")
                .then().statusCode(503).body("error", equalTo("temporarily_unavailable"));

        redis.start();
        String after = ClientCredentialsTest.assertion(key, client, aud, 120, UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().baseUri(base).contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                        .formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                        .formParam("client_assertion", after).post("/oauth2/token").then().statusCode(200));
        given().baseUri(base).contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .formParam("client_assertion", after).post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }
}
