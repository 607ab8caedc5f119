package dev.gatehouse;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger requests = new AtomicInteger();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            ExecutorService load = Executors.newFixedThreadPool(2);
            List<Future<?>> workers = new ArrayList<>();
            workers.add(load.submit(() -> {
                while (running.get()) {
                    requests.incrementAndGet();
                    expect(wrong, "bearer check", given().baseUri(gatehouse.baseUri()).auth().oauth2(live).get("/auth/me"), 200);
                    expect(wrong, "revoked token", given().baseUri(gatehouse.baseUri()).auth().oauth2(revoked).get("/auth/me"), 401);
                }
            }));
            workers.add(load.submit(() -> {
                while (running.get()) {
                    requests.incrementAndGet();
                    Response r = given().baseUri(gatehouse.baseUri()).contentType(ContentType.URLENC)
                            .formParam("refresh_token", refresh[0]).post("/auth/refresh");
                    if (r.statusCode() == 200) {
                        refresh[0] = r.path("refresh_token");
                    } else {
                        // 503 while the database is away; anything else ended the chain: a fresh login goes on.
                        expect(wrong, "refresh", r, 200);
                        Response again = login(gatehouse, email);
                        expect(wrong, "login", again, 200);
                        if (again.statusCode() == 200) {
                            refresh[0] = again.path("refresh_token");
                        }
                    }
                }
            }));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() >= 20); // traffic before the fault
                pg.restart();
                int atFault = requests.get();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        login(gatehouse, email).statusCode() == 200
                                && api.auth().oauth2(live).get("/auth/me").statusCode() == 200);
                assertTrue(requests.get() > atFault, "the load went on through the restart");
            } finally {
                running.set(false);
                for (Future<?> w : workers) {
                    w.get(60, TimeUnit.SECONDS);
                }
                load.shutdownNow();
            }
            assertEquals(List.of(), List.copyOf(wrong));
            assertEquals(401, given().baseUri(gatehouse.baseUri()).auth().oauth2(revoked).get("/auth/me").statusCode());
            given().baseUri(gatehouse.baseUri()).get("/q/health/ready").then().statusCode(200);
        }
    }

    private static Response login(GatehouseProcess g, String email) {
        return given().baseUri(g.baseUri()).contentType(ContentType.URLENC).formParam("username", email)
                .formParam("password", Api.PASSWORD).post("/auth/login");
    }

    private static void expect(ConcurrentLinkedQueue<String> wrong, String what, Response r, int ok) {
        if (r.statusCode() != ok && !(r.statusCode() == 503 && r.header("Retry-After") != null)) {
            wrong.add(what + ": " + r.statusCode() + " " + r.asString());
        }
    }
}
