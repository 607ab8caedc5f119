package dev.gatehouse.common;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Swagger UI's Authorize button logs in through the OAuth2 password flow at /auth/login. */
@QuarkusTest
class OpenApiTest {

    @Test
    void openApiWhenFetchedThenPasswordFlowPointsAtLogin() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.password.type", equalTo("oauth2"))
                .body("components.securitySchemes.password.flows.password.tokenUrl", equalTo("/auth/login"))
                .body("paths.'/auth/me'.get.security", notNullValue());
    }

    /**
     * Swagger UI's Authorize dialog lists the schemes and scopes of the document: each must work. One
     * scheme (a scheme of type openIdConnect needs an openIdConnectUrl), and every scope it offers is
     * one that /auth/login grants; operations ask for no scope a login cannot get.
     */
    @Test
    void openApiWhenAuthorizeDialogBuiltThenEverySchemeValidAndEveryOfferedScopeLogsIn() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> schemes = doc.getMap("components.securitySchemes");
        assertEquals(Set.of("password"), schemes.keySet(), "schemes: " + schemes);
        Map<String, String> offered = doc.getMap("components.securitySchemes.password.flows.password.scopes");
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        for (String scope : offered == null ? Set.<String>of() : offered.keySet()) {
            given().formParam("username", email).formParam("password", Api.PASSWORD).formParam("scope", scope)
                    .post("/auth/login").then().statusCode(200);
        }
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        paths.forEach((path, ops) -> ops.forEach((method, op) -> {
            Object security = op.get("security");
            if (security instanceof List<?> requirements) {
                for (Object r : requirements) {
                    ((Map<?, ?>) r).forEach((scheme, scopes) -> {
                        assertEquals("password", scheme, method + " " + path);
                        assertTrue(offered != null && offered.keySet().containsAll((List<?>) scopes) || ((List<?>) scopes).isEmpty(),
                                method + " " + path + " asks for scopes " + scopes);
                    });
                }
            }
        }));
        // The social callback is reached by the provider's redirect, never with a bearer token.
        assertNull(doc.get("paths.'/auth/social/{provider}/callback'.get.security"));
    }

    @Test
    void metricsWhenScrapedThenGatehouseCountersPresent() {
        dev.gatehouse.Api.newUserToken();
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("gatehouse_logins_total"))
                .body(org.hamcrest.Matchers.containsString("gatehouse_tokens_issued_total"));
    }
}
