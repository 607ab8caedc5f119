package dev.gatehouse.admin;

import dev.gatehouse.Api;
import dev.gatehouse.common.GatehouseConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Key rotation proven: a verifier that caches our JWKS (jose4j's HttpsJwks, honouring
 * Cache-Control) keeps verifying every token across two rotations and never meets an unknown kid.
 */
@QuarkusTest
@TestProfile(FastRotationProfile.class)
class KeyAdminResourceTest {

    @Inject
    GatehouseConfig config;


    @Test
    void rotateWhenCalledTwiceThenCachingVerifierNeverMissesAKid() throws Exception {
        String admin = Api.login(FastRotationProfile.ADMIN_EMAIL, FastRotationProfile.ADMIN_PASSWORD);
        HttpsJwks jwks = new HttpsJwks("http://localhost:" + RestAssured.port + "/.well-known/jwks.json");
        AtomicInteger misses = new AtomicInteger();
        JwtConsumer verifier = new JwtConsumerBuilder()
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setVerificationKeyResolver((jws, nested) -> {
                    try {
                        for (JsonWebKey k : jwks.getJsonWebKeys()) {
                            if (k.getKeyId().equals(jws.getKeyIdHeaderValue())) {
                                return k.getKey();
                            }
                        }
                    } catch (Exception e) {
                        throw new UnresolvableKeyException("JWKS fetch failed", e);
                    }
                    misses.incrementAndGet();
                    throw new UnresolvableKeyException("kid not found: " + jws.getKeyIdHeaderValue());
                })
                .build();
        List<String> tokens = new ArrayList<>();
        Set<String> kids = new LinkedHashSet<>();
        String token = Api.newUserToken();
        verifier.processToClaims(token);
        tokens.add(token);
        kids.add(Api.kidOf(token));

        for (int rotation = 0; rotation < 2; rotation++) {
            String next = given().auth().oauth2(admin).post("/admin/keys/rotate").then().statusCode(200).extract().path("kid");
            assertNotEquals(Api.kidOf(token), next);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                String t = Api.newUserToken();
                verifier.processToClaims(t);
                tokens.add(t);
                return Api.kidOf(t).equals(next);
            });
            kids.add(next);
            token = tokens.get(tokens.size() - 1);
        }
        // Every token issued across both rotations still verifies with the cached JWKS.
        for (String t : tokens) {
            verifier.processToClaims(t);
        }
        assertEquals(3, kids.size());
        assertEquals(0, misses.get(), "the caching verifier never met an unknown kid");
    }

    @Test
    void rotateWhenCalledThenAuditedWithActingAdmin() {
        String admin = Api.login(FastRotationProfile.ADMIN_EMAIL, FastRotationProfile.ADMIN_PASSWORD);
        String actor = given().auth().oauth2(admin).get("/auth/me").then().statusCode(200).extract().path("id");
        String kid = given().auth().oauth2(admin).post("/admin/keys/rotate").then().statusCode(200).extract().path("kid");
        given().auth().oauth2(admin).queryParam("type", "KEY_ROTATED").get("/admin/audit").then().statusCode(200)
                .body("items.find { it.detail.contains('" + kid + "') }.accountId", org.hamcrest.Matchers.equalTo(actor))
                .body("items.find { it.detail.contains('" + kid + "') }.detail", org.hamcrest.Matchers.startsWith("by " + actor + ": next key " + kid));
    }

    @Test
    void rotateWhenNotAdminThenForbiddenAndAnonymousUnauthorized() {
        given().auth().oauth2(Api.newUserToken()).post("/admin/keys/rotate").then().statusCode(403);
        given().post("/admin/keys/rotate").then().statusCode(401);
    }
}
