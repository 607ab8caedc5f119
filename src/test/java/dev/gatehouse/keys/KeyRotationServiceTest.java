package dev.gatehouse.keys;

import dev.gatehouse.Api;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.token.TokenIssuer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY-CASES 9: publish before signing, keep until the last token expired, never publish private parts. */
@QuarkusTest
@TestProfile(IsolatedKeysProfile.class)
class KeyRotationServiceTest {

    @Inject
    KeyRotationService rotation;
    @Inject
    KeyManager keys;
    @Inject
    KeyEncryption encryption;
    @Inject
    TokenIssuer issuer;
    @Inject
    GatehouseConfig config;
    @Inject
    KeyConfig keyConfig;

    private static List<SigningKey> all() {
        return QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>list("order by activateAt"));
    }

    private static Set<String> published() {
        List<String> kids = given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
        return Set.copyOf(kids);
    }


    @Test
    void rotateWhenDueThenPublishesFirstSignsLaterAndRetiresAfterLastTokenExpired() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        // The key made at start is "old": pretend it signed since 40 days ago.
        QuarkusTransaction.requiringNew().run(() -> SigningKey.update("activateAt = ?1", now.minus(Duration.ofDays(40))));
        String oldKid = all().get(0).kid;
        PrivateKey oldPrivate = KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(encryption.decrypt(all().get(0).privateKeyEncrypted, oldKid)));

        // Due: a successor is published, but does not sign before the publish lead has passed.
        assertTrue(rotation.rotate(now, false));
        keys.reload();
        List<SigningKey> rows = all();
        assertEquals(2, rows.size());
        SigningKey next = rows.get(1);
        assertEquals(KeyStatus.PASSIVE, next.status);
        assertEquals(now.plus(keyConfig.publishLead()), next.activateAt);
        assertTrue(published().containsAll(Set.of(oldKid, next.kid)), "new key is in the JWKS before it signs");
        String token = Api.newUserToken();
        assertEquals(oldKid, Api.kidOf(token), "the old key still signs during the publish lead");
        // Used once, so the verifier remembers it (issue 14's verified-token cache): retirement must still refuse it.
        assertEquals(200, Api.meStatus(token));

        // The successor takes over; the old key stays published while its tokens may live.
        Instant takeover = next.activateAt.plusSeconds(1);
        rotation.rotate(takeover, false);
        rows = all();
        assertEquals(KeyStatus.PASSIVE, rows.get(0).status);
        assertEquals(KeyStatus.ACTIVE, rows.get(1).status);
        assertEquals(next.activateAt.plus(config.accessTokenTtl()).plus(KeyRotationService.SKEW), rows.get(0).retireAt);

        // Once every token it signed has expired, the old key is retired.
        rotation.rotate(rows.get(0).retireAt.plusSeconds(1), false);
        assertEquals(KeyStatus.RETIRED, all().get(0).status);

        // Back to real time: make the successor the current signer, and check the retired key is gone.
        QuarkusTransaction.requiringNew().run(() -> SigningKey.update("activateAt = ?1 where kid = ?2", now.minusSeconds(5), next.kid));
        keys.reload();
        assertFalse(published().contains(oldKid), "a retired key leaves the JWKS");
        assertEquals(next.kid, Api.kidOf(Api.newUserToken()));
        assertEquals(401, Api.meStatus(token), "a token signed by a retired key is refused");
        assertEquals(401, Api.meStatus(signWith(oldPrivate, oldKid)), "a fresh signature by a retired key is refused");
    }

    @Test
    void storeWhenKeySavedThenPrivatePartEncryptedAndBoundToSecret() throws Exception {
        SigningKey row = all().get(all().size() - 1);
        byte[] pkcs8 = encryption.decrypt(row.privateKeyEncrypted, row.kid);
        String plainB64 = Base64.getEncoder().encodeToString(pkcs8);
        assertFalse(row.privateKeyEncrypted.contains(plainB64.substring(40, 80)));
        KeyEncryption other = new KeyEncryption(configWithSecret("another-secret-of-at-least-32-characters!!"));
        assertThrows(IllegalStateException.class, () -> other.decrypt(row.privateKeyEncrypted, row.kid));
        assertThrows(IllegalStateException.class, () -> encryption.decrypt(row.privateKeyEncrypted, "another-kid"));
        assertThrows(IllegalStateException.class, () -> new KeyEncryption(configWithSecret("too-short")));
    }

    private String signWith(PrivateKey key, String kid) throws Exception {
        JwtClaims c = new JwtClaims();
        long now = Instant.now().getEpochSecond();
        c.setIssuer(config.issuer());
        c.setSubject(UUID.randomUUID().toString());
        c.setAudience(config.audience());
        c.setIssuedAt(NumericDate.fromSeconds(now));
        c.setExpirationTime(NumericDate.fromSeconds(now + 300));
        c.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "at+jwt");
        jws.setKey(key);
        return jws.getCompactSerialization();
    }

    private static GatehouseConfig configWithSecret(String secret) {
        return (GatehouseConfig) Proxy.newProxyInstance(GatehouseConfig.class.getClassLoader(), new Class<?>[]{GatehouseConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("keyEncryptionSecret")) {
                        return secret;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
