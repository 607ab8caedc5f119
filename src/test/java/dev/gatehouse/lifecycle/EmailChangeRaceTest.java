package dev.gatehouse.lifecycle;

import dev.gatehouse.Api;
import dev.gatehouse.RaceWindow;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An e-mail change request racing a password change: the change voids the account's pending change
 * links in its transaction, so a request checked against the old password must not write its link
 * after it. The request compares, under the account row's lock, the hash it checked with the one
 * there is now. {@link RaceWindow} runs the password change between the request's password check
 * and its link.
 */
@QuarkusTest
class EmailChangeRaceTest {

    @Test
    void emailChangeWhenThePasswordChangesBetweenTheCheckAndTheLinkThenConflictAndNoLink() {
        String email = Api.uniqueEmail();
        UUID id = UUID.fromString(Api.register(email, Api.PASSWORD));
        String intruder = Api.login(email, Api.PASSWORD);
        String owner = Api.login(email, Api.PASSWORD);
        AtomicInteger changed = new AtomicInteger();
        RaceWindow.once(id, () -> changed.set(given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", Lifecycle.NEW_PASSWORD, "endOtherSessions", true))
                .post("/auth/password").statusCode()));

        Response r = Lifecycle.changeEmail(intruder, Api.uniqueEmail(), Api.PASSWORD, null);

        assertEquals(1, RaceWindow.ran(id), "the password change ran between the request's check and its link");
        assertEquals(204, changed.get());
        assertEquals(409, r.statusCode(), r.asString());
        assertEquals(0, TestDatabase.queryLong(
                "SELECT count(*) FROM lifecycle_token WHERE account_id = ? AND purpose = 'CHANGE_EMAIL' AND used_at IS NULL", id),
                "no change link outlives the password change");
    }
}
