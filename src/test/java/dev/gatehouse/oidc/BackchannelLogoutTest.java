package dev.gatehouse.oidc;

import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.oidc.OidcFlows.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-channel logout: ending the SSO session (here: POST /auth/logout with the cookie, not even
 * the OpenID logout) ends the client's tokens and POSTs a signed logout token to the client's
 * registered URI; a client that is down does not hold the logout up and gets it on a retry.
 */
@QuarkusTest
class BackchannelLogoutTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    BackchannelLogout backchannel;

    @Test
    void sessionEndWhenClientHasBackchannelUriThenSignedLogoutTokenPosted() throws Exception {
        try (RelyingPartyStub rp = new RelyingPartyStub()) {
            Client client = register("CONFIDENTIAL", List.of(rp.url("/cb")), true, Map.of("backchannelLogoutUri", rp.url("/backchannel")));
            HttpBrowser b = signedInBrowser(root.toString().replaceAll("/$", ""));
            Pkce pkce = Pkce.create();
            Response tokens = exchange(client, code(b, client, pkce), pkce.verifier());
            String sid = (String) jwt(tokens.path("id_token"), 1).get("sid");
            assertEquals(204, b.postForm("/auth/logout", "", "X-Requested-With", "fetch").statusCode());
            assertEquals(401, dev.gatehouse.Api.meStatus(tokens.path("access_token")));
            backchannel.deliverDue();
            assertEquals(1, rp.backchannel.size(), rp.backchannel.toString());
            String body = rp.backchannel.get(0);
            assertTrue(body.startsWith("logout_token="));
            String token = URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.UTF_8);
            assertEquals("logout+jwt", jwt(token, 0).get("typ"));
            Map<String, Object> claims = jwt(token, 1);
            assertEquals(sid, claims.get("sid"));
            assertEquals(client.id(), claims.get("aud"));
            assertEquals("http://localhost:8081", claims.get("iss"));
            assertNotNull(claims.get("jti"));
            assertTrue(((Map<?, ?>) claims.get("events")).containsKey("http://schemas.openid.net/event/backchannel-logout"));
            assertEquals(null, claims.get("nonce"));
        }
    }

    @Test
    void sessionEndWhenClientDownThenLogoutAnswersAndDeliveryRetried() throws Exception {
        RelyingPartyStub rp = new RelyingPartyStub();
        String uri = rp.url("/backchannel");
        rp.close();
        Client client = register("PUBLIC", List.of("https://rp.example.com/cb"), true, Map.of("backchannelLogoutUri", uri));
        HttpBrowser b = signedInBrowser(root.toString().replaceAll("/$", ""));
        Pkce pkce = Pkce.create();
        exchange(client, code(b, client, pkce), pkce.verifier()).then().statusCode(200);
        assertEquals(204, b.postForm("/auth/logout", "", "X-Requested-With", "fetch").statusCode());
        assertEquals(0, backchannel.deliverDue());
        long waiting = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> LogoutDelivery.count(
                "clientId = ?1 and deliveredAt is null and attempts >= 1", client.id()));
        assertEquals(1, waiting, "kept for a retry");
    }

    /** A delivery retried minutes after the logout sends a token signed then, not an expired one. */
    @Test
    void deliveryWhenRetriedLaterThenTokenSignedAtSendTime() throws Exception {
        try (RelyingPartyStub rp = new RelyingPartyStub()) {
            Client client = register("PUBLIC", List.of("https://rp.example.com/cb"), true, Map.of("backchannelLogoutUri", rp.url("/backchannel")));
            java.time.Instant longAgo = java.time.Instant.now().minus(java.time.Duration.ofMinutes(5));
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
                LogoutDelivery d = new LogoutDelivery();
                d.id = java.util.UUID.randomUUID();
                d.clientId = client.id();
                d.uri = rp.url("/backchannel");
                d.accountId = java.util.UUID.randomUUID();
                d.sid = java.util.UUID.randomUUID();
                d.attempts = 4;
                d.nextAttemptAt = longAgo;
                d.createdAt = longAgo;
                d.persist();
            });
            backchannel.deliverDue();
            assertEquals(1, rp.backchannel.size(), rp.backchannel.toString());
            String token = URLDecoder.decode(rp.backchannel.get(0).substring("logout_token=".length()), StandardCharsets.UTF_8);
            long exp = ((Number) jwt(token, 1).get("exp")).longValue();
            assertTrue(exp > java.time.Instant.now().plusSeconds(60).getEpochSecond(), "exp " + exp + " is fresh");
        }
    }
}
