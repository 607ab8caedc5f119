package dev.gatehouse.page;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** With GATEHOUSE_REGISTRATION_ENABLED=false: no sign-up page, no API registration, no link to either. */
@QuarkusTest
@TestProfile(RegistrationOffProfile.class)
class RegistrationDisabledTest {

    @Test
    void signupWhenRegistrationDisabledThenNotFound() {
        given().get("/signup").then().statusCode(404);
        given().contentType(ContentType.URLENC).formParam("email", Api.uniqueEmail()).formParam("password", Api.PASSWORD)
                .post("/signup").then().statusCode(404);
    }

    @Test
    void registerWhenRegistrationDisabledThenClearProblem() {
        given().contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail(), "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", endsWith("registration-disabled"));
    }

    @Test
    void loginPageWhenRegistrationDisabledThenNoSignupLink() {
        String html = given().get("/login").then().statusCode(200).extract().asString();
        assertFalse(html.contains("/signup"), html);
    }
}
