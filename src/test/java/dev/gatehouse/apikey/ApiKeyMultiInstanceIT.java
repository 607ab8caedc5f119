package dev.gatehouse.apikey;

import dev.gatehouse.Api;
import dev.gatehouse.GatehouseProcess;
import dev.gatehouse.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Two packaged instances: a key revoked, or whose owner is disabled, on one is refused by the other on the next request. */
class ApiKeyMultiInstanceIT {

    private static GatehouseProcess a;
    private static GatehouseProcess b;

    @BeforeAll
    static void start() throws Exception {
        a = GatehouseProcess.start("apikey-a", 18091, "redis://127.0.0.1:6379");
        b = GatehouseProcess.start("apikey-b", 18092, "redis://127.0.0.1:6379");
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static RequestSpecification at(GatehouseProcess p) {
        return given().baseUri(p.baseUri());
    }

    private static String[] owner(String... roles) {
        String email = Api.uniqueEmail();
        String id = at(a).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                .post("/auth/register").then().statusCode(201).extract().path("id");
        if (roles.length > 0) {
            TestDatabase.storeRoles(id, roles);
        }
        String token = at(a).contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(200).extract().path("access_token");
        return new String[] {id, token};
    }

    private static Map<String, Object> key(String token) {
        return at(a).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "scopes", List.of("openid"), "expiresIn", 3600))
                .post("/auth/api-keys").then().statusCode(201).extract().as(Map.class);
    }

    @Test
    void keyWhenRevokedOnOneInstanceThenRefusedByTheOtherOnNextRequest() {
        String[] owner = owner();
        Map<String, Object> created = key(owner[1]);
        String k = (String) created.get("key");
        at(b).header("X-API-Key", k).get("/auth/me").then().statusCode(200);
        String exchanged = at(b).contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", k).formParam("subject_token_type", "urn:gatehouse:token-type:api-key")
                .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
        at(a).auth().oauth2(exchanged).get("/auth/me").then().statusCode(200);
        at(a).auth().oauth2(owner[1]).delete("/auth/api-keys/" + created.get("id")).then().statusCode(204);
        at(b).header("X-API-Key", k).get("/auth/me").then().statusCode(401);
        at(b).auth().oauth2(exchanged).get("/auth/me").then().statusCode(401);
    }

    @Test
    void keyWhenOwnerDisabledOnOneInstanceThenRefusedByTheOtherOnNextRequest() {
        String[] admin = owner("user", "admin");
        String[] owner = owner();
        String k = (String) key(owner[1]).get("key");
        at(b).header("Authorization", "Bearer " + k).get("/auth/me").then().statusCode(200);
        at(a).auth().oauth2(admin[1]).post("/admin/accounts/" + owner[0] + "/disable").then().statusCode(204);
        at(b).header("Authorization", "Bearer " + k).get("/auth/me").then().statusCode(401);
    }
}
