package dev.gatehouse.keys;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 4, with every algorithm enabled and access tokens in ES256: one key per algorithm,
 * each with its own kid and the right kty/crv/alg in the JWKS; discovery lists them; access tokens
 * are ES256 and verify in a foreign library (Nimbus) from the JWKS alone; a non-RS256 key rotates
 * by the same rules, alone.
 */
@QuarkusTest
@TestProfile(KeyTypesProfile.class)
class KeyTypesTest {

    @Inject
    KeyManager keys;
    @Inject
    KeyRotationService rotation;
    @Inject
    KeyConfig keyConfig;

    private static List<Map<String, Object>> jwks() {
        return given().accept("application/jwk-set+json").get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys");
    }

    private static List<SigningKey> rows(SigningAlgorithm alg) {
        return QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>list("algorithm = ?1 order by activateAt", alg.jose()));
    }

    @Test
    void jwksWhenEveryAlgorithmEnabledThenOneKeyEachWithItsKtyCurveAndAlg() {
        Map<String, Map<String, Object>> byAlg = jwks().stream().collect(Collectors.toMap(k -> (String) k.get("alg"), k -> k));
        assertEquals(Set.of("RS256", "PS256", "ES256", "EdDSA"), byAlg.keySet());
        assertEquals("RSA", byAlg.get("RS256").get("kty"));
        assertEquals("RSA", byAlg.get("PS256").get("kty"));
        assertNotEquals(byAlg.get("RS256").get("n"), byAlg.get("PS256").get("n"), "PS256 has an RSA key of its own");
        assertEquals("EC", byAlg.get("ES256").get("kty"));
        assertEquals("P-256", byAlg.get("ES256").get("crv"));
        assertEquals("OKP", byAlg.get("EdDSA").get("kty"));
        assertEquals("Ed25519", byAlg.get("EdDSA").get("crv"));
        Set<Object> kids = new HashSet<>();
        for (Map<String, Object> k : byAlg.values()) {
            assertEquals("sig", k.get("use"));
            assertTrue(kids.add(k.get("kid")), "every key its own kid");
            for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
                assertFalse(k.containsKey(privatePart), k.get("alg") + " publishes " + privatePart);
            }
        }
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            assertEquals(keys.signingKey(alg).kid(), byAlg.get(alg.jose()).get("kid"));
        }
    }

    @Test
    void discoveryWhenEveryAlgorithmEnabledThenListsThemForIdTokens() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("id_token_signing_alg_values_supported", equalTo(List.of("RS256", "PS256", "ES256", "EdDSA")));
    }

    @Test
    void readyWhenEveryAlgorithmEnabledThenDetailsNameAlgorithmsAndProviders() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'signing-keys' }.data.algorithms", equalTo("RS256,PS256,ES256,EdDSA"))
                .body("checks.find { it.name == 'signing-keys' }.data.access-token-algorithm", equalTo("ES256"))
                .body("checks.find { it.name == 'signing-keys' }.data.provider-EdDSA", equalTo(CryptoProvider.ACCP_NAME))
                .body("checks.find { it.name == 'signing-keys' }.data.provider-ES256", equalTo(CryptoProvider.ACCP_NAME));
    }

    @Test
    void accessTokenWhenEs256ConfiguredThenSignedByTheEcKeyAndNimbusVerifiesItFromTheJwks() throws Exception {
        String token = Api.newUserToken();
        assertEquals("ES256", Api.jwtField(token, 0, "alg"));
        assertEquals(keys.signingKey(SigningAlgorithm.ES256).kid(), Api.kidOf(token));
        assertEquals(200, Api.meStatus(token));
        String jwks = given().accept("application/jwk-set+json").get("/.well-known/jwks.json").asString();
        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key = (ECKey) JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertEquals("ES256", key.getAlgorithm().getName());
        assertTrue(jwt.verify(new ECDSAVerifier(key)), "Nimbus verifies Gatehouse's ES256 token with the published key");
    }

    @Test
    void rotateWhenEs256KeyDueThenOnlyItsSeriesRotatesByTheSameRules() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SigningKey old = rows(SigningAlgorithm.ES256).get(rows(SigningAlgorithm.ES256).size() - 1);
        Map<String, String> othersBefore = Set.of(SigningAlgorithm.RS256, SigningAlgorithm.PS256, SigningAlgorithm.EdDSA).stream()
                .collect(Collectors.toMap(SigningAlgorithm::jose, a -> rows(a).stream().map(k -> k.kid + ":" + k.status).toList().toString()));
        // The ES256 key is "old": pretend it signed since 40 days ago; the others are fresh.
        QuarkusTransaction.requiringNew().run(() -> SigningKey.update("activateAt = ?1 where kid = ?2", now.minus(Duration.ofDays(40)), old.kid));

        assertTrue(rotation.rotate(now, false));
        keys.reload();
        List<SigningKey> es = rows(SigningAlgorithm.ES256);
        assertEquals(2, es.size());
        SigningKey next = es.get(1);
        assertEquals(KeyStatus.PASSIVE, next.status);
        assertEquals("ES256", next.algorithm);
        assertEquals(now.plus(keyConfig.publishLead()), next.activateAt);
        Set<Object> published = jwks().stream().map(k -> k.get("kid")).collect(Collectors.toSet());
        assertTrue(published.containsAll(Set.of(old.kid, next.kid)), "the new EC key is in the JWKS before it signs");
        assertEquals("EC", jwks().stream().filter(k -> next.kid.equals(k.get("kid"))).findFirst().orElseThrow().get("kty"));
        String token = Api.newUserToken();
        assertEquals(old.kid, Api.kidOf(token), "the old ES256 key still signs during the publish lead");
        assertEquals(200, Api.meStatus(token));
        for (SigningAlgorithm a : Set.of(SigningAlgorithm.RS256, SigningAlgorithm.PS256, SigningAlgorithm.EdDSA)) {
            assertEquals(othersBefore.get(a.jose()), rows(a).stream().map(k -> k.kid + ":" + k.status).toList().toString(),
                    a + " is not rotated with ES256");
        }

        // The successor takes over; the old key stays published while its tokens may live, then retires.
        rotation.rotate(next.activateAt.plusSeconds(1), false);
        es = rows(SigningAlgorithm.ES256);
        assertEquals(KeyStatus.PASSIVE, es.get(0).status);
        assertEquals(KeyStatus.ACTIVE, es.get(1).status);
        Instant retireAt = es.get(0).retireAt;
        assertEquals(next.activateAt.plus(Duration.ofMinutes(15)).plus(KeyRotationService.SKEW), retireAt);
        rotation.rotate(retireAt.plusSeconds(1), false);
        assertEquals(KeyStatus.RETIRED, rows(SigningAlgorithm.ES256).get(0).status);

        // Back to real time: the successor signs, the retired key is gone and its token refused.
        QuarkusTransaction.requiringNew().run(() -> SigningKey.update("activateAt = ?1 where kid = ?2", now.minusSeconds(5), next.kid));
        keys.reload();
        assertFalse(jwks().stream().anyMatch(k -> old.kid.equals(k.get("kid"))), "a retired EC key leaves the JWKS");
        assertNull(keys.publishedKey(old.kid));
        assertEquals(next.kid, Api.kidOf(Api.newUserToken()));
        assertEquals(401, Api.meStatus(token), "a token of the retired ES256 key is refused");
    }

    @Inject
    jakarta.enterprise.inject.Instance<dev.gatehouse.common.StartupCheck> startupChecks;

    /** The configuration check runs with the others before the migrations (Preflight); its rules: SigningAlgorithmTest. */
    @Test
    void startWhenConfiguredThenTheAlgorithmCheckIsAStartupCheck() {
        assertTrue(startupChecks.stream().anyMatch(c -> c instanceof SigningAlgorithms));
    }
}
