package dev.gatehouse.audit;

import dev.gatehouse.Api;
import dev.gatehouse.FreePort;
import dev.gatehouse.GatehouseProcess;
import dev.gatehouse.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged jar: refresh records wait in the batch queue (an hour's interval here, so only the
 * shutdown can write them) and a clean shutdown (SIGTERM) writes every one before the process ends.
 */
class AuditBatchShutdownIT {

    @Test
    void shutdownWhenRefreshRecordsQueuedThenAllWritten() throws Exception {
        int port = FreePort.next();
        String email = Api.uniqueEmail();
        String account;
        try (GatehouseProcess p = GatehouseProcess.start("audit-batch-shutdown", port, "redis://127.0.0.1:6379", Map.of(
                "GATEHOUSE_AUDIT_BATCH_INTERVAL", "1h",
                "GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS", "100000",
                "GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS", "100000"))) {
            account = given().baseUri(p.baseUri()).contentType("application/json")
                    .body(Map.of("email", email, "password", Api.PASSWORD)).post("/auth/register")
                    .then().statusCode(201).extract().path("id");
            String refresh = given().baseUri(p.baseUri()).formParam("username", email).formParam("password", Api.PASSWORD)
                    .post("/auth/login").then().statusCode(200).extract().path("refresh_token");
            for (int i = 0; i < 5; i++) {
                refresh = given().baseUri(p.baseUri()).formParam("refresh_token", refresh).post("/auth/refresh")
                        .then().statusCode(200).extract().path("refresh_token");
            }
            assertEquals(0, refreshRecords(account), "queued, not yet written");
        }
        assertEquals(5, refreshRecords(account), "written by the clean shutdown");
    }

    private static long refreshRecords(String account) {
        return TestDatabase.queryLong("SELECT count(*) FROM audit_event WHERE account_id = ? AND type = 'REFRESH'",
                java.util.UUID.fromString(account));
    }
}
