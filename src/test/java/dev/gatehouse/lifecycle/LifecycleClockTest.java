package dev.gatehouse.lifecycle;

import dev.gatehouse.Api;
import dev.gatehouse.common.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.gatehouse.lifecycle.Lifecycle.forgot;
import static dev.gatehouse.lifecycle.Lifecycle.reset;
import static dev.gatehouse.lifecycle.Lifecycle.resetToken;
import static dev.gatehouse.lifecycle.Lifecycle.verifyToken;
import static dev.gatehouse.lifecycle.Lifecycle.verify;
import static org.hamcrest.Matchers.equalTo;

/** SECURITY-CASES 64: links expire (24 h to verify, 30 min to reset), moved with the injected clock. */
@QuarkusTest
class LifecycleClockTest {

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    void verifyWhenLinkOlderThanADayThenRefused() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        TestClock.advance(Duration.ofHours(24).plusSeconds(1));
        verify(token).then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:token-invalid"));
    }

    @Test
    void verifyWhenLinkJustUnderADayOldThenAccepted() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        TestClock.advance(Duration.ofHours(23).plusMinutes(59));
        verify(token).then().statusCode(200);
    }

    @Test
    void resetWhenLinkOlderThanThirtyMinutesThenRefusedAndThePasswordStays() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        forgot(email).then().statusCode(202);
        String token = resetToken(email, 1);
        TestClock.advance(Duration.ofMinutes(30).plusSeconds(1));
        reset(token, Lifecycle.NEW_PASSWORD, null, null).then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:token-invalid"));
        TestClock.reset();
        Lifecycle.passwordLogin(email, Api.PASSWORD).then().statusCode(200);
    }
}
