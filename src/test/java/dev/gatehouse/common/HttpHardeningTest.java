package dev.gatehouse.common;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

/** Security headers, CORS allow-list, body size limit. */
@QuarkusTest
class HttpHardeningTest {

    @Test
    void anyResponseWhenServedThenSecurityHeaders() {
        for (String path : new String[]{"/.well-known/jwks.json", "/auth/me", "/no-such-path"}) {
            given().get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("X-Frame-Options", "DENY")
                    .header("Strict-Transport-Security", nullValue());
        }
    }

    @Test
    void corsWhenAllowedOriginThenEchoedWithCredentialsNeverWildcard() {
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .options("/auth/refresh").then()
                .header("Access-Control-Allow-Origin", "https://app.example.com")
                .header("Access-Control-Allow-Credentials", "true");
    }

    @Test
    void corsWhenOtherOriginThenNotAllowed() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/auth/refresh").then()
                .header("Access-Control-Allow-Origin", not(equalTo("https://evil.example")))
                .header("Access-Control-Allow-Origin", not(equalTo("*")));
    }

    @Test
    void bodyWhenOverLimitThenRefusedWithoutServerError() {
        given().contentType("application/json").body(Map.of("email", "a@example.com", "password", "x".repeat(70_000)))
                .post("/auth/register").then().statusCode(413);
    }

    @Test
    void unknownPathWhenRequestedThenProblemWithoutDetails() {
        given().get("/no-such-path").then().statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body(not(containsString("Exception")));
    }
}
