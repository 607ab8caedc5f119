package dev.gatehouse;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 9, item 7b: on a real Redis Cluster (three masters, three replicas, started by this test
 * on free ports), a revoked token is refused and a live one accepted on every request, the
 * lockout and the limits work, and a flush of the whole cluster is noticed and re-seeded. Every
 * multi-key operation stays in one hash slot, so none is split across nodes.
 */
class RedisClusterIT {

    private static RedisCluster cluster;
    private static GatehouseProcess gatehouse;
    private static String base;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start("redis-cluster");
        gatehouse = GatehouseProcess.start("redis-cluster", FreePort.next(), cluster.hosts(), Map.of(
                "QUARKUS_REDIS_CLIENT_TYPE", "cluster",
                "GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS", "100000"));
        base = gatehouse.baseUri();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void checkWhenOnRedisClusterThenRevokedRefusedAndLiveAcceptedEveryTime() {
        // Enough accounts that their keys spread over all three masters.
        for (int account = 0; account < 8; account++) {
            String email = Api.uniqueEmail();
            register(email);
            String revoked = login(email);
            String live = login(email);
            given().baseUri(base).auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);
            for (int i = 0; i < 9; i++) {
                assertEquals(401, me(revoked), "revoked token, request " + i);
                assertEquals(200, me(live), "live token, request " + i);
            }
        }
    }

    @Test
    void logoutAllWhenOnRedisClusterThenEveryTokenRefused() {
        String email = Api.uniqueEmail();
        register(email);
        String one = login(email);
        String two = login(email);
        given().baseUri(base).auth().oauth2(one).post("/auth/logout-all").then().statusCode(204);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, me(one));
            assertEquals(401, me(two));
        }
    }

    @Test
    void lockoutWhenOnRedisClusterThenLocksAndSuccessClears() {
        String email = Api.uniqueEmail();
        register(email);
        // A success clears the count: its DEL names two keys, which must share a slot.
        login(email);
        for (int i = 0; i < 5; i++) {
            given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                    .formParam("password", "Wrong-Password-" + i).post("/auth/login").then().statusCode(401);
        }
        given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", Api.PASSWORD).post("/auth/login").then().statusCode(401);
    }

    @Test
    void checkWhenWholeClusterFlushedThenRevokedTokenStaysRefused() throws Exception {
        String email = Api.uniqueEmail();
        register(email);
        String revoked = login(email);
        String live = login(email);
        given().baseUri(base).auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);
        cluster.flushAll();
        assertEquals(401, me(revoked));
        assertEquals(200, me(live));
    }

    private static void register(String email) {
        given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201);
    }

    private static String login(String email) {
        return given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", Api.PASSWORD).post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    private static int me(String token) {
        return given().baseUri(base).auth().oauth2(token).get("/auth/me").then().extract().statusCode();
    }
}
