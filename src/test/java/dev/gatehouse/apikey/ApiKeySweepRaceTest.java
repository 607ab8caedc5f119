package dev.gatehouse.apikey;

import dev.gatehouse.Api;
import dev.gatehouse.RaceWindow;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An API key's creation, and a token exchange with a key, in flight while the owner's reset sweeps a
 * never-proven account: neither may leave a key or a token after the sweep ({@link RaceWindow}
 * runs the reset between the caller's check and the account row's lock).
 */
@QuarkusTest
class ApiKeySweepRaceTest {

    private static Response create(String accessToken) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("name", "deploy", "scopes", List.of("openid"), "expiresIn", 3600)).post("/auth/api-keys");
    }

    @Test
    void createWhenTheResetEndsTheSessionBetweenTheCheckAndTheWriteThenNoKey() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        String squatter = Api.login(email, Api.PASSWORD);
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, email);

        Response r = create(squatter);

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the token's check and the key's write");
        assertEquals(204, reset.get());
        assertEquals(401, r.statusCode(), r.asString());
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM api_key WHERE account_id = ? AND revoked_at IS NULL", id),
                "no key of the squatter outlives the sweep");
    }

    @Test
    void exchangeWhenTheResetRevokesTheKeyBetweenTheCheckAndTheTokenThenNoToken() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        String key = create(Api.login(email, Api.PASSWORD)).then().statusCode(201).extract().path("key");
        AtomicInteger reset = RaceWindow.resetInTheWindow(id, email);

        Response r = ApiKeyResourceTest.exchange(key);

        assertEquals(1, RaceWindow.ran(id), "the reset ran between the key's check and the token");
        assertEquals(204, reset.get());
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("invalid_grant", r.path("error"));
        assertEquals(0, TestDatabase.queryLong("SELECT count(*) FROM api_key_token WHERE account_id = ?", id));
    }
}
