package dev.gatehouse.admin;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The admin API, and SECURITY-CASES 30 and 44 seen through it. Nothing is injected, so
 * {@link AdminAccountResourceIT} runs every case against the packaged jar too.
 */
@QuarkusTest
class AdminAccountResourceTest {

    private String admin;

    @BeforeEach
    void admin() {
        admin = Api.newAdminToken();
    }

    private static Response login(String email, String password) {
        return given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", password)
                .post("/auth/login");
    }

    @Test
    void adminWhenNotAdminThenForbidden() {
        given().auth().oauth2(Api.newUserToken()).get("/admin/accounts").then().statusCode(403);
        given().get("/admin/accounts").then().statusCode(401);
    }

    @Test
    void listWhenSearchedThenFindsAccountAndPagesAreChecked() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        given().auth().oauth2(admin).queryParam("q", email.substring(0, 20)).get("/admin/accounts")
                .then().statusCode(200).body("items.id", hasItem(id)).body("items", hasSize(1));
        given().auth().oauth2(admin).get("/admin/accounts/" + id).then().statusCode(200).body("email", equalTo(email));
        given().auth().oauth2(admin).queryParam("size", 1000).get("/admin/accounts").then().statusCode(400);
        given().auth().oauth2(admin).get("/admin/accounts/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void disableWhenDoneThenEverythingStopsAndEnableRestoresLogin() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        Response pair = login(email, Api.PASSWORD);
        given().auth().oauth2(admin).post("/admin/accounts/" + id + "/disable").then().statusCode(204);
        assertEquals(401, Api.meStatus(pair.path("access_token")));
        given().contentType(ContentType.URLENC).formParam("refresh_token", pair.<String>path("refresh_token"))
                .post("/auth/refresh").then().statusCode(400);
        login(email, Api.PASSWORD).then().statusCode(401).body("error", equalTo("invalid_grant"));
        given().auth().oauth2(admin).post("/admin/accounts/" + id + "/enable").then().statusCode(204);
        login(email, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void rolesWhenSetThenNextTokenCarriesThem() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("user", "admin")))
                .put("/admin/accounts/" + id + "/roles").then().statusCode(200).body("roles", hasItem("admin"));
        // The change ended every token of the account; a token from a new login carries the new role.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(() ->
                given().auth().oauth2(Api.login(email, Api.PASSWORD)).get("/admin/accounts").statusCode() == 200);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("root")))
                .put("/admin/accounts/" + id + "/roles").then().statusCode(400).body("rule", equalTo("roles_invalid"));
    }

    @Test
    void logoutAllWhenByAdminThenUsersTokensStop() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        given().auth().oauth2(admin).post("/admin/accounts/" + id + "/logout-all").then().statusCode(204);
        assertEquals(401, Api.meStatus(token));
    }

    @Test
    void deleteWhenDoneThenGoneButAuditKeptWithoutPersonalData() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String token = Api.login(email, Api.PASSWORD);
        given().auth().oauth2(admin).delete("/admin/accounts/" + id).then().statusCode(204);
        assertEquals(401, Api.meStatus(token));
        login(email, Api.PASSWORD).then().statusCode(401);
        given().auth().oauth2(admin).get("/admin/accounts/" + id).then().statusCode(404);
        given().auth().oauth2(admin).queryParam("account", id).get("/admin/audit").then().statusCode(200)
                .body("items.type", hasItem("ACCOUNT_DELETED"))
                .body("items.type", hasItem("REGISTER"))
                .body(not(containsString(email)));
    }

    @Test
    void auditWhenLoginFailsThenRecordedWithAddressAndNoSecret() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        login(email, "Wrong-Secret-Value-77").then().statusCode(401);
        Api.login(email, Api.PASSWORD);
        given().auth().oauth2(admin).queryParam("account", id).queryParam("type", "LOGIN_ERROR").get("/admin/audit")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items.clientAddress", everyItem(org.hamcrest.Matchers.notNullValue()))
                .body(not(containsString("Wrong-Secret-Value-77")));
        given().auth().oauth2(admin).queryParam("account", id).get("/admin/audit")
                .then().body("items.type", hasItem("LOGIN"))
                .body(not(containsString(Api.PASSWORD)))
                .body(not(containsString("eyJ")));
        given().auth().oauth2(admin).queryParam("type", "NOPE").get("/admin/audit").then().statusCode(400);
    }
}
