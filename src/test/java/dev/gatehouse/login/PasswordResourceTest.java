package dev.gatehouse.login;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** SECURITY-CASES 27 and 41: password change needs the current password, ends other sessions on request, honours lockout. */
@QuarkusTest
class PasswordResourceTest {

    private static final String NEW_PASSWORD = "Brand-New-Lantern-4410";

    private static Response pair(String email, String password) {
        return given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", password)
                .post("/auth/login");
    }

    private static Response change(String token, String current, String replacement, Boolean endOthers) {
        Map<String, Object> body = new HashMap<>();
        body.put("currentPassword", current);
        body.put("newPassword", replacement);
        if (endOthers != null) {
            body.put("endOtherSessions", endOthers);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/auth/password");
    }

    @Test
    void changeWhenCurrentPasswordWrongThenForbiddenAndUnchanged() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        change(token, "Not-The-Password-1", NEW_PASSWORD, null).then().statusCode(403)
                .body("type", equalTo("urn:gatehouse:problem:current-password-wrong"));
        pair(email, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void changeWhenNewPasswordBreaksARuleThenBadRequestNamingIt() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        change(Api.login(email, Api.PASSWORD), Api.PASSWORD, "password1", null).then().statusCode(400)
                .body("rule", equalTo("password_common"));
    }

    @Test
    void changeWhenAskedToEndOtherSessionsThenOnlyThisSessionSurvives() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        Response other = pair(email, Api.PASSWORD);
        Response mine = pair(email, Api.PASSWORD);
        change(mine.path("access_token"), Api.PASSWORD, NEW_PASSWORD, true).then().statusCode(204);
        pair(email, Api.PASSWORD).then().statusCode(401);
        pair(email, NEW_PASSWORD).then().statusCode(200);
        given().contentType(ContentType.URLENC).formParam("refresh_token", other.<String>path("refresh_token"))
                .post("/auth/refresh").then().statusCode(400);
        org.junit.jupiter.api.Assertions.assertEquals(401, Api.meStatus(other.path("access_token")));
        given().contentType(ContentType.URLENC).formParam("refresh_token", mine.<String>path("refresh_token"))
                .post("/auth/refresh").then().statusCode(200);
    }

    @Test
    void changeWhenNotAskedThenOtherSessionsKeepWorking() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        Response other = pair(email, Api.PASSWORD);
        change(pair(email, Api.PASSWORD).path("access_token"), Api.PASSWORD, NEW_PASSWORD, false).then().statusCode(204);
        given().contentType(ContentType.URLENC).formParam("refresh_token", other.<String>path("refresh_token"))
                .post("/auth/refresh").then().statusCode(200);
    }

    @Test
    void changeWhenAccountLockedThenRightCurrentPasswordRefusedToo() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        for (int i = 0; i < 5; i++) {
            change(token, "Wrong-Password-" + i, NEW_PASSWORD, null).then().statusCode(403);
        }
        change(token, Api.PASSWORD, NEW_PASSWORD, null).then().statusCode(403);
        // The lockout counts on the login path as well.
        pair(email, Api.PASSWORD).then().statusCode(401);
    }

    @Test
    void changeWhenAnonymousThenUnauthorized() {
        given().contentType(ContentType.JSON).body(Map.of("currentPassword", "a", "newPassword", "b"))
                .post("/auth/password").then().statusCode(401);
    }
}
