package dev.gatehouse.account;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AccountResourceTest {

    private static void registerExpecting(String email, String password, int status, String rule) {
        var response = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/auth/register")
                .then().statusCode(status);
        if (rule != null) {
            response.contentType("application/problem+json").body("rule", equalTo(rule));
        }
    }

    @Test
    void registerWhenValidThenCreatedWithoutSecrets() {
        String email = Api.uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD, "displayName", "Ada"))
                .when().post("/auth/register")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("email", equalTo(email))
                .body("displayName", equalTo("Ada"))
                .body("roles", org.hamcrest.Matchers.contains("user"))
                .body("$", not(hasKey("passwordHash")))
                .body(not(containsString("argon2")));
    }

    @Test
    void registerWhenEmailTakenInOtherCaseThenConflict() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("email", "  " + email.toUpperCase() + " ", "password", Api.PASSWORD))
                .when().post("/auth/register")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:email-taken"));
    }

    @Test
    void registerWhenPasswordShorterThanMinimumThenBadRequest() {
        registerExpecting(Api.uniqueEmail(), "Sh0rt!x", 400, "password_too_short");
    }

    @Test
    void registerWhenPasswordHas64CharactersThenAccepted() {
        registerExpecting(Api.uniqueEmail(), "Lantern-" + "q7Zp".repeat(14), 201, null);
    }

    @Test
    void registerWhenPasswordOverMaximumThenBadRequestBeforeHashing() {
        registerExpecting(Api.uniqueEmail(), "x7!Q".repeat(33), 400, "password_too_long");
        // Far over the limit: still a quick 400, never a 413 or a 500.
        registerExpecting(Api.uniqueEmail(), "a".repeat(20_000), 400, "password_too_long");
    }

    @Test
    void registerWhenPasswordCommonThenBadRequestNamingRule() {
        registerExpecting(Api.uniqueEmail(), "password1", 400, "password_common");
        registerExpecting(Api.uniqueEmail(), "Iloveyou", 400, "password_common");
    }

    @Test
    void registerWhenPasswordWeakThenBadRequestNamingRule() {
        registerExpecting(Api.uniqueEmail(), "aaaaaaaaaaaa", 400, "password_too_weak");
    }

    @Test
    void registerWhenPasswordContainsEmailThenBadRequest() {
        registerExpecting("harbormaster@example.com", "harbormaster-2024!", 400, "password_contains_email");
    }

    @Test
    void registerWhenEmailInvalidThenBadRequest() {
        registerExpecting("not-an-email", Api.PASSWORD, 400, "email_invalid");
        registerExpecting("a@b", Api.PASSWORD, 400, "email_invalid");
    }

    @Test
    void registerWhenBodyMalformedThenBadRequestWithoutDetails() {
        given().contentType(ContentType.JSON).body("{\"email\": ")
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body(not(containsString("jackson")))
                .body(not(containsString("Exception")));
    }

    @Test
    void registerWhenFieldsMissingThenBadRequest() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/auth/register")
                .then().statusCode(400).body("rule", equalTo("email_missing"));
    }

    @Test
    void meWhenNoTokenThenUnauthorizedWithChallenge() {
        given().when().get("/auth/me")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void meWhenLoggedInThenOwnAccount() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        given().auth().oauth2(token).when().get("/auth/me")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("email", equalTo(email))
                .body("mfa.totp", equalTo(false)).body("mfa.backupCodesLeft", equalTo(0));
    }
}
