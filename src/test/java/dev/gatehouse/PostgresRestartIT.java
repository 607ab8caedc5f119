package dev.gatehouse;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: PostgreSQL restarted under load (a server of this test's own, on a free port). Logins,
 * refreshes and bearer checks go on meanwhile: no 5xx but 503 with Retry-After, nothing revoked
 * comes back, and the service recovers by itself once the database answers again.
 */
class PostgresRestartIT {

    @Test
    void databaseRestartedUnderLoadThenOnly503sMeanwhileAndRecovery() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
             GatehouseProcess gatehouse = GatehouseProcess.start("pg-restart", FreePort.next(), "redis://127.0.0.1:6379", Map.of(
                     "QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl("gatehouse"),
                     "GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000",
                     "GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000",
                     "GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS", "100000"))) {
            RequestSpecification api = given().baseUri(gatehouse.baseUri());
            String email = Api.uniqueEmail();
            given().baseUri(gatehouse.baseUri()).contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD))
                    .post("/auth/register").then().statusCode(201);
            Response first = login(gatehouse, email);
            String revoked = first.path("access_token");
            given().baseUri(gatehouse.baseUri()).auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);
            String[] refresh = {login(gatehouse, email).path("refresh_token")};
            String live = login(gatehouse, email).path("access_token");

            LoadUnderFault load = LoadUnderFault.start(2, (l, t) -> {
                if (t == 0) {
                    l.expect("bearer check", given().baseUri(gatehouse.baseUri()).auth().oauth2(live).get("/auth/me"), 200);
                    l.expect("revoked token", given().baseUri(gatehouse.baseUri()).auth().oauth2(revoked).get("/auth/me"), 401);
                    return;
                }
                Response r = given().baseUri(gatehouse.baseUri()).contentType(ContentType.URLENC)
                        .formParam("refresh_token", refresh[0]).post("/auth/refresh");
                if (r.statusCode() == 200) {
                    refresh[0] = r.path("refresh_token");
                    return;
                }
                // 503 while the database is away; anything else ended the chain: a fresh login goes on.
                l.expect("refresh", r, 200);
                Response again = login(gatehouse, email);
                l.expect("login", again, 200);
                if (again.statusCode() == 200) {
                    refresh[0] = again.path("refresh_token");
                }
            });
            try (load) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.rounds() >= 20); // traffic before the fault
                pg.restart();
                int atFault = load.rounds();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        login(gatehouse, email).statusCode() == 200
                                && api.auth().oauth2(live).get("/auth/me").statusCode() == 200);
                assertTrue(load.rounds() > atFault, "the load went on through the restart");
            }
            assertEquals(List.of(), load.wrong());
            assertEquals(401, given().baseUri(gatehouse.baseUri()).auth().oauth2(revoked).get("/auth/me").statusCode());
            given().baseUri(gatehouse.baseUri()).get("/q/health/ready").then().statusCode(200);
        }
    }

    private static Response login(GatehouseProcess g, String email) {
        return given().baseUri(g.baseUri()).contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", Api.PASSWORD).post("/auth/login");
    }

}
