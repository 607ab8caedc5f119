package dev.gatehouse.token;

import dev.gatehouse.Api;
import dev.gatehouse.common.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feed sequence numbers are taken at insert and seen at commit, so a reader's cursor can pass an
 * entry that commits a moment later with a lower number. The feed sends the last minute's entries
 * at or before the cursor again, so such an entry still reaches every reader.
 */
@QuarkusTest
class RevocationFeedLookbackTest {

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static Response feed(String since) {
        return given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only")
                .queryParam("since", since).get("/auth/revocations");
    }

    @Test
    void feedWhenCursorAlreadyPastARecentEntryThenItIsSentAgainForAMinute() {
        String token = Api.newUserToken();
        given().auth().oauth2(token).post("/auth/logout").then().statusCode(204);
        String jti = Api.jwtField(token, 1, "jti");
        // A reader whose cursor already covers the entry's sequence number (as if it had polled
        // between the number being taken and the commit).
        String cursor = "0";
        for (int page = 0; page < 1000; page++) {
            String next = feed(cursor).then().statusCode(200).extract().path("next_cursor");
            if (next.equals(cursor)) {
                break;
            }
            cursor = next;
        }
        List<String> again = feed(cursor).path("revoked_tokens.jti");
        assertTrue(again.contains(jti), "a recent entry at or before the cursor is sent again");

        TestClock.advance(Duration.ofSeconds(61));
        List<String> later = feed(cursor).path("revoked_tokens.jti");
        assertFalse(later.contains(jti), "after the lookback only new entries come");
    }
}
