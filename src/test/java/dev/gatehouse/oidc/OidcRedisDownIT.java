package dev.gatehouse.oidc;

import dev.gatehouse.Api;
import dev.gatehouse.FreePort;
import dev.gatehouse.GatehouseProcess;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.RedisServer;
import dev.gatehouse.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.oidc.OidcFlows.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The OpenID Provider with its Redis stopped (the packaged jar, a Redis of the test's own): UserInfo
 * cannot check revocation and answers 503 with Retry-After (never "not revoked"); a replayed code
 * still revokes what it issued, durably, and the revoked token stays refused once Redis is back.
 */
class OidcRedisDownIT {

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
    void userInfoWhenRedisDownThen503AndReplayRevocationKept() throws Exception {
        redis = RedisServer.launch();
        gatehouse = GatehouseProcess.start("oidc-redis-down", FreePort.next(), redis.url(), Map.of());
        String base = gatehouse.baseUri();
        String adminEmail = Api.uniqueEmail();
        String adminId = given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", adminEmail, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201).extract().path("id");
        TestDatabase.storeRoles(adminId, "user", "admin");
        String admin = given().baseUri(base).contentType(ContentType.URLENC).formParam("username", adminEmail)
                .formParam("password", Api.PASSWORD).post("/auth/login").then().statusCode(200).extract().path("access_token");
        String id = "rp-" + UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(base).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", id, "type", "PUBLIC", "redirectUris", List.of("https://rp.example.com/cb"), "firstParty", true))
                .post("/admin/clients").then().statusCode(201);
        Client client = new Client(id, null, "https://rp.example.com/cb");
        HttpBrowser b = new HttpBrowser(base);
        signIn(b, adminEmail);
        Pkce pkce = Pkce.create();
        String code = code(b, client, pkce);
        Response tokens = given().baseUri(base).contentType(ContentType.URLENC).formParam("grant_type", "authorization_code")
                .formParam("code", code).formParam("redirect_uri", client.redirectUri()).formParam("code_verifier", pkce.verifier())
                .formParam("client_id", id).post("/oauth2/token");
        tokens.then().statusCode(200);
        String access = tokens.path("access_token");

        redis.stop();
        given().baseUri(base).auth().oauth2(access).get("/oauth2/userinfo").then().statusCode(503)
                .header("Retry-After", notNullValue());
        // The replay is refused and its tokens revoked in the database even now.
        given().baseUri(base).contentType(ContentType.URLENC).formParam("grant_type", "authorization_code")
                .formParam("code", code).formParam("redirect_uri", client.redirectUri()).formParam("code_verifier", pkce.verifier())
                .formParam("client_id", id).post("/oauth2/token").then().statusCode(400);

        redis.start();
        // Recovery by itself (the revocations re-seeded from the database): never 200 on the way.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            int status = given().baseUri(base).auth().oauth2(access).get("/oauth2/userinfo").then().extract().statusCode();
            assertEquals(true, status == 401 || status == 503, "status " + status);
            return status == 401;
        });
    }
}
