package dev.gatehouse.common;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

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

    @Test
    void metricsWhenScrapedThenGatehouseCountersPresent() {
        dev.gatehouse.Api.newUserToken();
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("gatehouse_logins_total"))
                .body(org.hamcrest.Matchers.containsString("gatehouse_tokens_issued_total"));
    }
}
