package dev.gatehouse.lifecycle;

import dev.gatehouse.Api;
import dev.gatehouse.TestAddresses;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** SECURITY-CASES 69: forgot-password and resend are limited per client address and per named e-mail address (sign-up: page/SignupLimitsTest). */
@QuarkusTest
@TestProfile(StrictMailLimitsProfile.class)
class LifecycleLimitTest {

    private static String clientAddress() {
        // A hop the client wrote itself, then the one the trusted proxy saw.
        return TestAddresses.fresh() + ", " + TestAddresses.fresh();
    }

    private static io.restassured.response.Response post(String path, String from, String email) {
        return given().header("X-Forwarded-For", from).contentType(ContentType.JSON).body(Map.of("email", email)).post(path);
    }

    @Test
    void forgotWhenOneAddressIsNamedTooOftenThenLimitedFromAnyClient() {
        String email = Api.uniqueEmail();
        for (int i = 0; i < 3; i++) {
            post("/auth/password/forgot", clientAddress(), email).then().statusCode(202);
        }
        post("/auth/password/forgot", clientAddress(), email).then().statusCode(429).header("Retry-After", notNullValue());
        // Resend counts against the same mailbox.
        post("/auth/email/resend", clientAddress(), email).then().statusCode(429);
        // Other addresses are not affected.
        post("/auth/password/forgot", clientAddress(), Api.uniqueEmail()).then().statusCode(202);
    }

    @Test
    void forgotWhenOneClientAsksTooOftenThenLimitedWhateverTheAddress() {
        String from = clientAddress();
        for (int i = 0; i < 10; i++) {
            post(i % 2 == 0 ? "/auth/password/forgot" : "/auth/email/resend", from, Api.uniqueEmail()).then().statusCode(202);
        }
        post("/auth/password/forgot", from, Api.uniqueEmail()).then().statusCode(429)
                .body("type", equalTo("urn:gatehouse:problem:rate-limited"));
    }
}
