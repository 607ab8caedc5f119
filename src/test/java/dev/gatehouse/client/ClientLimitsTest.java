package dev.gatehouse.client;

import dev.gatehouse.Api;
import dev.gatehouse.TestAddresses;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The token endpoint's limits, with small ones: token requests per client, failed client
 * authentications per address and per client (429 {@code temporarily_unavailable} with
 * {@code Retry-After}). 127.0.0.1 is a trusted proxy, so each test picks a client address of its
 * own (the counters live in the shared Redis), and each client id is new.
 */
@QuarkusTest
@TestProfile(ClientLimitsTest.Limits.class)
class ClientLimitsTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.client.tokens-per-client", "3",
                    "gatehouse.client.failures-per-address", "4",
                    "gatehouse.client.failures-per-client", "2",
                    "gatehouse.protection.trusted-proxies", "127.0.0.0/8,::1/128");
        }
    }

    private static String address() {
        return TestAddresses.fresh();
    }

    @Test
    void tokenWhenClientOverItsRequestLimitThen429() {
        String[] client = ClientCredentialsTest.registerSecretClient(Api.newAdminToken(), List.of("a"), List.of("gatehouse"));
        String from = address();
        for (int i = 0; i < 3; i++) {
            ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", from).auth().preemptive().basic(client[0], client[1])
                    .post("/oauth2/token").then().statusCode(200);
        }
        ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", from).auth().preemptive().basic(client[0], client[1])
                .post("/oauth2/token").then().statusCode(429).header("Retry-After", notNullValue())
                .header("Cache-Control", "no-store").body("error", equalTo("temporarily_unavailable"));
    }

    @Test
    void tokenWhenFailuresPastTheLimitsThen429() {
        String[] client = ClientCredentialsTest.registerSecretClient(Api.newAdminToken(), List.of("a"), List.of("gatehouse"));
        String from = address();
        // Per client: the third failure for this client id is refused with 429.
        for (int i = 0; i < 2; i++) {
            ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", from).auth().preemptive().basic(client[0], "wrong-" + i)
                    .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", from).auth().preemptive().basic(client[0], "wrong-x")
                .post("/oauth2/token").then().statusCode(429).header("Retry-After", notNullValue());
        // Past the limit nothing is checked: the right secret from that address is refused too...
        ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", from).auth().preemptive().basic(client[0], client[1])
                .post("/oauth2/token").then().statusCode(429);
        // ...while the client itself, from an address that never failed, is not locked out.
        ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", address()).auth().preemptive().basic(client[0], client[1])
                .post("/oauth2/token").then().statusCode(200);
        // Nor from a neighbour in the failing address's /64 (hosts share /64s): "failed recently" is per full address.
        String neighbour = from.substring(0, from.lastIndexOf(':') + 1) + (from.endsWith("1234") ? "4321" : "1234");
        ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", neighbour).auth().preemptive().basic(client[0], client[1])
                .post("/oauth2/token").then().statusCode(200);
        // Per address: unknown ids count too; the fifth failure from one address is refused.
        String other = address();
        for (int i = 0; i < 4; i++) {
            ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", other).auth().preemptive().basic("svc-unknown-" + i, "wrong")
                    .post("/oauth2/token").then().statusCode(401);
        }
        ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", other).auth().preemptive().basic("svc-unknown-9", "wrong")
                .post("/oauth2/token").then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
        ClientCredentialsTest.tokenRequest().header("X-Forwarded-For", other).auth().preemptive().basic(client[0], client[1])
                .post("/oauth2/token").then().statusCode(429);
    }
}
