package dev.gatehouse.admin;

import dev.gatehouse.Api;
import dev.gatehouse.account.AccountService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** A role change ends the account's tokens and sessions at once; every admin action names the acting admin. */
@QuarkusTest
class RoleChangeTest {

    @Inject
    AccountService accounts;

    private String actorId;
    private String actorToken;

    @BeforeEach
    void actor() {
        String email = Api.uniqueEmail();
        actorId = accounts.register(email, Api.PASSWORD, null, Set.of("user", "admin")).id().toString();
        actorToken = Api.login(email, Api.PASSWORD);
    }

    private static Response login(String email) {
        return given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().response();
    }

    private Response audit(String account, String type) {
        return given().auth().oauth2(actorToken).queryParam("account", account).queryParam("type", type).get("/admin/audit");
    }

    @Test
    void rolesWhenAdminDemotedThenOldTokensRefusedAtOnceAndSessionsEnded() {
        String email = Api.uniqueEmail();
        String target = accounts.register(email, Api.PASSWORD, null, Set.of("user", "admin")).id().toString();
        Response pair = login(email);
        String oldToken = pair.path("access_token");
        given().auth().oauth2(oldToken).get("/admin/accounts").then().statusCode(200);

        given().auth().oauth2(actorToken).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .put("/admin/accounts/" + target + "/roles").then().statusCode(200).body("roles", equalTo(List.of("user")));

        // Not for 15 minutes: at once, everywhere.
        given().auth().oauth2(oldToken).get("/admin/accounts").then().statusCode(401);
        given().auth().oauth2(oldToken).contentType(ContentType.JSON).body(Map.of("roles", List.of("user", "admin")))
                .put("/admin/accounts/" + target + "/roles").then().statusCode(401);
        given().auth().oauth2(oldToken).get("/auth/me").then().statusCode(401);
        // The session ended too: its refresh token yields nothing.
        given().contentType(ContentType.URLENC).formParam("refresh_token", pair.<String>path("refresh_token"))
                .post("/auth/refresh").then().statusCode(400).body("error", equalTo("invalid_grant"));
        // Signing in again gives a token with the new roles only.
        await().atMost(Duration.ofSeconds(3)).until(() -> Api.meStatus(login(email).path("access_token")) == 200);
        given().auth().oauth2(login(email).<String>path("access_token")).get("/admin/accounts").then().statusCode(403);
    }

    @Test
    void rolesWhenChangedThenAuditNamesActorAndTarget() {
        String target = Api.register(Api.uniqueEmail(), Api.PASSWORD);
        given().auth().oauth2(actorToken).contentType(ContentType.JSON).body(Map.of("roles", List.of("user", "admin")))
                .put("/admin/accounts/" + target + "/roles").then().statusCode(200);
        audit(target, "ROLE_CHANGED").then().statusCode(200)
                .body("items[0].accountId", equalTo(target))
                .body("items[0].detail", startsWith("by " + actorId + ": roles user,admin"));
    }

    @Test
    void adminActionsWhenDoneThenEachAuditedWithActor() {
        String target = Api.register(Api.uniqueEmail(), Api.PASSWORD);
        given().auth().oauth2(actorToken).post("/admin/accounts/" + target + "/disable").then().statusCode(204);
        given().auth().oauth2(actorToken).post("/admin/accounts/" + target + "/enable").then().statusCode(204);
        given().auth().oauth2(actorToken).post("/admin/accounts/" + target + "/logout-all").then().statusCode(204);
        given().auth().oauth2(actorToken).delete("/admin/accounts/" + target).then().statusCode(204);
        for (String type : List.of("ACCOUNT_DISABLED", "ACCOUNT_ENABLED", "LOGOUT_ALL", "ACCOUNT_DELETED")) {
            audit(target, type).then().statusCode(200)
                    .body("items.detail", hasItem(startsWith("by " + actorId)));
        }
    }
}
