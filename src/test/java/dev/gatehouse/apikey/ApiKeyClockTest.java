package dev.gatehouse.apikey;

import dev.gatehouse.Api;
import dev.gatehouse.common.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What depends on time (a session's age, one second held still with the injected clock; never a sleep). */
@QuarkusTest
class ApiKeyClockTest {

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    /** A stolen token of an older session cannot turn itself into a long-lived key. */
    @Test
    void createWhenSessionSignedInLongerAgoThanTheWindowThenSignInAgain() {
        ApiKeyResourceTest.Owner owner = ApiKeyResourceTest.Owner.create();
        // Its session signed in 11 minutes ago (its access token is still valid: 15 minutes).
        dev.gatehouse.TestDatabase.update("UPDATE refresh_family SET created_at = created_at - interval '11 minutes' WHERE account_id = ?",
                java.util.UUID.fromString(owner.id()));
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "scopes", List.of("openid"), "expiresIn", 3600)).post("/auth/api-keys")
                .then().statusCode(403).body("type", equalTo("urn:gatehouse:problem:recent-sign-in-required"));
        String fresh = Api.login(owner.email(), Api.PASSWORD);
        ApiKeyResourceTest.createKey(fresh, List.of("openid"));
    }

    /**
     * An exchanged token issued in the very second its owner is demoted (iat equal to the new
     * watermark) stops with the others: the ending revokes exchanged tokens by jti.
     */
    @Test
    void exchangedTokenWhenOwnerDemotedInTheSameSecondThenRefused() {
        String admin = Api.newAdminToken();
        ApiKeyResourceTest.Owner owner = ApiKeyResourceTest.Owner.create("user", "admin");
        String key = (String) ApiKeyResourceTest.createKey(owner.token(), List.of("openid", "admin")).get("key");
        TestClock.freeze(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2).plusMillis(100));
        String exchanged = ApiKeyResourceTest.exchange(key).then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .put("/admin/accounts/" + owner.id() + "/roles").then().statusCode(200);
        assertEquals(401, Api.meStatus(exchanged));
    }
}
