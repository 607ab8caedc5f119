package dev.gatehouse;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * SECURITY-CASES 43: the packaged service reaches PostgreSQL through a relay the test cuts. While
 * the database is unreachable: 503 with Retry-After, not ready, no partial account. Afterwards it
 * recovers by itself.
 */
class DatabaseDownIT {

    @Test
    void requestsWhenDatabaseUnreachableThen503AndNothingHalfDoneThenRecovery() throws Exception {
        try (TcpProxy proxy = new TcpProxy(15433, 5432).start();
             GatehouseProcess gatehouse = GatehouseProcess.start("db-down", 18084, "redis://127.0.0.1:6379", Map.of(
                     "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15433/test",
                     "GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000",
                     "GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000"))) {
            String base = gatehouse.baseUri();
            String email = Api.uniqueEmail();
            given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                    .post("/auth/register").then().statusCode(201);
            String token = given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                    .formParam("password", Api.PASSWORD).post("/auth/login").then().statusCode(200).extract().path("access_token");

            proxy.cut();
            String during = Api.uniqueEmail();
            given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", during, "password", Api.PASSWORD))
                    .post("/auth/register").then().statusCode(503).header("Retry-After", notNullValue())
                    .body("type", equalTo("urn:gatehouse:problem:unavailable"));
            given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                    .post("/auth/login").then().statusCode(503);
            given().baseUri(base).auth().oauth2(token).get("/auth/me").then().statusCode(503);
            given().baseUri(base).get("/q/health/ready").then().statusCode(503);

            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().baseUri(base).contentType(ContentType.URLENC).formParam("username", email)
                            .formParam("password", Api.PASSWORD).post("/auth/login").then().statusCode(200));
            // The registration that failed left nothing behind: the address is still free.
            given().baseUri(base).contentType(ContentType.URLENC).formParam("username", during).formParam("password", Api.PASSWORD)
                    .post("/auth/login").then().statusCode(401);
            given().baseUri(base).contentType(ContentType.JSON).body(Map.of("email", during, "password", Api.PASSWORD))
                    .post("/auth/register").then().statusCode(201);
            given().baseUri(base).get("/q/health/ready").then().statusCode(200);
        }
    }
}
