package dev.gatehouse.token;

import dev.gatehouse.Api;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A revoked token never becomes valid again, even after Redis loses everything (SECURITY-CASES 8, 13). */
@QuarkusTest
class RevocationDurabilityTest {

    @Inject
    RedisDataSource redis;

    @Test
    void checkWhenRedisFlushedThenRevokedTokenStaysRevoked() {
        String token = Api.newUserToken();
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        assertEquals(401, Api.meStatus(token));
        redis.flushall();
        assertEquals(401, Api.meStatus(token));
    }

    @Test
    void checkWhenRedisFlushedThenLogoutAllWatermarkStaysAndOtherTokensWork() {
        String token = Api.newUserToken();
        String other = Api.newUserToken();
        given().auth().oauth2(token).when().post("/auth/logout-all").then().statusCode(204);
        redis.flushall();
        assertEquals(401, Api.meStatus(token));
        assertEquals(200, Api.meStatus(other));
    }

    @Test
    void logoutWhenCalledTwiceThenSecondIsUnauthorized() {
        String token = Api.newUserToken();
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(401);
    }
}
