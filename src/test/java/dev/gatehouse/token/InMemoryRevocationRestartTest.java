package dev.gatehouse.token;

import dev.gatehouse.Api;
import dev.gatehouse.common.GatehouseConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, item 7a: the embedded default keeps revocations in memory; a restart must not make a
 * logged-out token valid again. A fresh in-memory store (what a restart gives) over the same
 * database answers only after copying the durable revocations in.
 */
@QuarkusTest
class InMemoryRevocationRestartTest {

    @Inject
    GatehouseConfig config;
    @Inject
    TokenConfig tokenConfig;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;
    @Inject
    TransactionSynchronizationRegistry transactions;

    @Test
    void checkWhenInMemoryStoreRestartedThenLoggedOutTokenStaysRevoked() {
        String revoked = Api.newUserToken();
        String live = Api.newUserToken();
        given().auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);

        InMemoryRevocationStore restarted = new InMemoryRevocationStore(clock);
        assertFalse(restarted.seeded(), "a new process has copied nothing in yet");
        RevocationService afterRestart = new RevocationService(restarted, config, tokenConfig, clock, registry, transactions,
                "postgresql");

        assertTrue(isRevoked(afterRestart, revoked));
        assertFalse(isRevoked(afterRestart, live));
        assertTrue(restarted.seeded());
    }

    private static boolean isRevoked(RevocationService service, String token) {
        return service.isRevoked(Api.jwtField(token, 1, "jti"), Api.jwtField(token, 1, "sub"), Api.iatOf(token))
                .await().atMost(Duration.ofSeconds(10));
    }
}
