package dev.gatehouse.login;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Black-box login tests; {@link LoginResourceIT} runs them again against the packaged jar. */
@QuarkusTest
class LoginResourceTest {

    static Response attempt(String username, String password) {
        return given().contentType(ContentType.URLENC)
                .formParam("username", username).formParam("password", password)
                .when().post("/auth/login");
    }

    @Test
    void roundTripWhenRegisterLoginMeLogoutThenTokenStopsWorking() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        Response login = attempt(email, Api.PASSWORD);
        login.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("bearer"))
                .body("expires_in", greaterThan(0))
                .body("access_token", notNullValue())
                .body("scope", equalTo("openid profile email"));
        String token = login.path("access_token");
        given().auth().oauth2(token).when().get("/auth/me").then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(token).when().get("/auth/me").then().statusCode(401);
    }

    @Test
    void loginWhenEmailInOtherCaseThenAccepted() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        attempt(email.toUpperCase(), Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void loginWhenUnknownUserOrWrongPasswordOrOverlongThenSameAnswer() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        Response wrong = attempt(email, Api.PASSWORD + "x");
        Response unknown = attempt(Api.uniqueEmail(), Api.PASSWORD);
        Response overlong = attempt(email, "y".repeat(5000));
        for (Response r : List.of(wrong, unknown, overlong)) {
            r.then().statusCode(401).body("error", equalTo("invalid_grant"));
        }
        assertEquals(wrong.asString(), unknown.asString());
        assertEquals(wrong.asString(), overlong.asString());
        assertEquals(headers(wrong), headers(unknown));
        assertEquals(headers(wrong), headers(overlong));
    }

    @Test
    void loginWhenScopeUnknownThenInvalidScope() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        given().contentType(ContentType.URLENC)
                .formParam("username", email).formParam("password", Api.PASSWORD).formParam("scope", "admin:everything")
                .when().post("/auth/login")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void loginWhenScopeSubsetThenGrantedAsAsked() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        given().contentType(ContentType.URLENC)
                .formParam("username", email).formParam("password", Api.PASSWORD).formParam("scope", "openid")
                .when().post("/auth/login")
                .then().statusCode(200).body("scope", equalTo("openid"));
    }

    @Test
    void loginWhenGrantTypeOtherThanPasswordThenUnsupported() {
        given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("username", "a").formParam("password", "b")
                .when().post("/auth/login")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void loginWhenFieldsMissingThenSameGenericAnswer() {
        given().contentType(ContentType.URLENC).formParam("username", "a@example.com")
                .when().post("/auth/login")
                .then().statusCode(401).body("error", equalTo("invalid_grant"));
    }

    /** Header names and values, less those that differ per response anyway. */
    static Map<String, String> headers(Response r) {
        Map<String, String> map = new TreeMap<>();
        r.headers().forEach(h -> {
            if (!h.getName().equalsIgnoreCase("date")) {
                map.put(h.getName().toLowerCase(), h.getValue());
            }
        });
        return map;
    }
}
