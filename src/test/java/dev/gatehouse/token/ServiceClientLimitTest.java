package dev.gatehouse.token;

import dev.gatehouse.Api;
import dev.gatehouse.TestAddresses;
import dev.gatehouse.audit.AuditEvent;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.gatehouse.token.ClientAuthLimitsProfile.PER_ADDRESS;
import static dev.gatehouse.token.ClientAuthLimitsProfile.PER_CLIENT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SECURITY-CASES 38 and 44 for service clients: failed client authentication at introspection,
 * revocation and the revocation feed is limited per address and per client id, and audited
 * without the secret; successes are not counted.
 */
@QuarkusTest
@TestProfile(ClientAuthLimitsProfile.class)
class ServiceClientLimitTest {


    @Inject
    AuditLog audit;


    private static String freshAddress() {
        return TestAddresses.fresh();
    }

    private static Response introspect(String address, String id, String secret) {
        return given().header("X-Forwarded-For", address).auth().preemptive().basic(id, secret)
                .contentType(ContentType.URLENC).formParam("token", "not-a-token").post("/oauth2/introspect");
    }

    private static Response revoke(String address, String id, String secret) {
        return given().header("X-Forwarded-For", address).auth().preemptive().basic(id, secret)
                .contentType(ContentType.URLENC).formParam("token", "not-a-token").post("/oauth2/revoke");
    }

    private static Response feed(String address, String id, String secret) {
        return given().header("X-Forwarded-For", address).auth().preemptive().basic(id, secret).get("/auth/revocations");
    }

    private static String wrongSecret() {
        return "guess-" + UUID.randomUUID();
    }

    @Test
    void introspectWhenFailuresPastAddressLimitThen429WithRetryAfterEvenForRightSecret() {
        String client = ClientAuthLimitsProfile.client(1);
        String secret = ClientAuthLimitsProfile.secret(1);
        String address = freshAddress();
        for (int i = 0; i < PER_ADDRESS; i++) {
            introspect(address, client, wrongSecret()).then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        introspect(address, client, wrongSecret()).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .header("Cache-Control", "no-store")
                .body("error", equalTo("temporarily_unavailable"))
                .body("error_description", notNullValue());
        // Past the limit the right secret cannot be told from a wrong one.
        introspect(address, client, secret).then().statusCode(429).header("Retry-After", notNullValue());
        // Another address, with the right secret, is not affected.
        introspect(freshAddress(), client, secret).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void clientAuthWhenFailuresSpreadOverRevokeAndFeedThenOneSharedAddressLimit() {
        String client = ClientAuthLimitsProfile.client(2);
        String secret = ClientAuthLimitsProfile.secret(2);
        String address = freshAddress();
        revoke(address, client, wrongSecret()).then().statusCode(401).body("error", equalTo("invalid_client"));
        feed(address, client, wrongSecret()).then().statusCode(401);
        // No credentials at all and unknown ids count too.
        given().header("X-Forwarded-For", address).contentType(ContentType.URLENC).formParam("token", "x")
                .post("/oauth2/revoke").then().statusCode(401);
        feed(address, "no-such-client", wrongSecret()).then().statusCode(429).header("Retry-After", notNullValue())
                .body("error", equalTo("temporarily_unavailable"));
        revoke(address, client, secret).then().statusCode(429);
        feed(address, client, secret).then().statusCode(429);
    }

    @Test
    void introspectWhenFailuresForOneClientFromManyAddressesThenLimitedButRealClientStillServed() {
        String client = ClientAuthLimitsProfile.client(3);
        String secret = ClientAuthLimitsProfile.secret(3);
        String[] failing = new String[PER_CLIENT + 1];
        for (int i = 0; i < PER_CLIENT; i++) {
            failing[i] = freshAddress();
            introspect(failing[i], client, wrongSecret()).then().statusCode(401);
        }
        failing[PER_CLIENT] = freshAddress();
        introspect(failing[PER_CLIENT], client, wrongSecret()).then().statusCode(429).header("Retry-After", notNullValue());
        // A guesser that failed in this window gets 429 for the right secret too ...
        introspect(failing[0], client, secret).then().statusCode(429);
        // ... while the real client, whose address never failed, is not locked out.
        introspect(freshAddress(), client, secret).then().statusCode(200);
        feed(freshAddress(), client, secret).then().statusCode(200);
    }

    @Test
    void introspectWhenManySuccessesFromOneAddressThenNeverLimited() {
        String client = ClientAuthLimitsProfile.client(4);
        String secret = ClientAuthLimitsProfile.secret(4);
        String address = freshAddress();
        String token = Api.newUserToken();
        for (int i = 0; i < PER_ADDRESS * 5; i++) {
            given().header("X-Forwarded-For", address).auth().preemptive().basic(client, secret)
                    .contentType(ContentType.URLENC).formParam("token", token).post("/oauth2/introspect")
                    .then().statusCode(200).body("active", equalTo(true));
        }
        // Successes did not use up the allowance for failures either.
        for (int i = 0; i < PER_ADDRESS; i++) {
            introspect(address, client, wrongSecret()).then().statusCode(401);
        }
    }

    @Test
    void clientAuthWhenFailedThenAuditedWithAddressAndClientAndNoSecret() {
        String client = ClientAuthLimitsProfile.client(5);
        String secret = ClientAuthLimitsProfile.secret(5);
        String address = freshAddress();
        Instant before = Instant.now().minusSeconds(1);
        String guess = wrongSecret();
        introspect(address, client, guess).then().statusCode(401);
        feed(address, "attacker<script>", guess).then().statusCode(401);
        List<AuditEvent> events = audit.query(null, AuditEventType.CLIENT_AUTH_ERROR, before, null, 0, 200).stream()
                .filter(e -> address.equals(e.clientAddress)).toList();
        assertEquals(2, events.size());
        assertTrue(events.stream().anyMatch(e -> ("client " + client).equals(e.detail)));
        for (AuditEvent e : events) {
            assertFalse(e.detail.contains(guess), e.detail);
            assertFalse(e.detail.contains("attacker"), "attacker-chosen ids are not written: " + e.detail);
        }
    }
}
