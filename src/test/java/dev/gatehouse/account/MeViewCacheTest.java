package dev.gatehouse.account;

import dev.gatehouse.Api;
import dev.gatehouse.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /auth/me's per-instance view cache never serves a token a view cached before the token was
 * issued: a role change written elsewhere (another instance; here straight into the row, with no
 * eviction on this one) shows to the next token at once.
 */
@QuarkusTest
class MeViewCacheTest {

    @Test
    void meWhenRolesChangedElsewhereThenNewTokenSeesThemAtOnce() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        String first = Api.login(email, Api.PASSWORD);
        List<String> before = given().auth().oauth2(first).get("/auth/me").then().statusCode(200).extract().path("roles");
        assertEquals(List.of("user"), before);
        TestDatabase.storeRoles(id, "user", "auditor");
        String second = Api.login(email, Api.PASSWORD);
        List<String> after = given().auth().oauth2(second).get("/auth/me").then().statusCode(200).extract().path("roles");
        assertTrue(after.contains("auditor"), after.toString());
    }
}
