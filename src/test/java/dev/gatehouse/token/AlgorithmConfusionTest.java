package dev.gatehouse.token;

import dev.gatehouse.Api;
import dev.gatehouse.keys.KeyManager;
import dev.gatehouse.keys.KeyTypesProfile;
import dev.gatehouse.keys.SigningAlgorithm;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * No algorithm confusion (issue 14, item 4), with every algorithm enabled: the key named by
 * {@code kid} decides the algorithm, and a token whose header names another one is refused, even
 * when its signature is valid under the algorithm it names (RS256 by the RS256 key under the PS256
 * kid, PS256 by the RS256 key, RS256 with an EC kid, ES256 with the EdDSA kid), and so are HS256
 * keyed with a public key and {@code none}. Each forged token starts from a real token's claims, and
 * the same claims signed under the key's own algorithm are accepted (the control), so only the
 * algorithm tells them apart. Checked at {@code /auth/me}, {@code /oauth2/userinfo} and introspection.
 */
@QuarkusTest
@TestProfile(KeyTypesProfile.class)
class AlgorithmConfusionTest {

    @Inject
    KeyManager keys;
    @Inject
    AccessTokenVerifier verifier;

    private String payload;

    @BeforeEach
    void realClaims() throws Exception {
        String token = Api.newUserToken();
        payload = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8)).toJson();
    }

    private KeyManager.LoadedKey key(SigningAlgorithm alg) {
        return keys.signingKey(alg);
    }

    /** The real claims with a fresh jti, signed under {@code jose4jAlg} by {@code signingKey}, headed with {@code kid}. */
    private String sign(String jose4jAlg, Key signingKey, String kid) throws Exception {
        JwtClaims c = JwtClaims.parse(payload);
        c.setJwtId(java.util.UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setAlgorithmHeaderValue(jose4jAlg);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "at+jwt");
        jws.setKey(signingKey);
        return jws.getCompactSerialization();
    }

    private static void assertRefused(String token, String why) {
        assertEquals(401, Api.meStatus(token), why + " at /auth/me");
        assertEquals(401, given().auth().oauth2(token).get("/oauth2/userinfo").statusCode(), why + " at /oauth2/userinfo");
        given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only").formParam("token", token)
                .post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void controlWhenSignedUnderEachKeysOwnAlgorithmThenAccepted() throws Exception {
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            KeyManager.LoadedKey k = key(alg);
            String token = sign(alg.jose4j(), k.privateKey(), k.kid());
            assertEquals(200, Api.meStatus(token), alg + " under its own key");
            given().auth().preemptive().basic("resource-server", "rs-secret-for-tests-only").formParam("token", token)
                    .post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(true));
        }
    }

    @Test
    void verifyWhenRs256HeaderOnThePs256KeyThenRefused() throws Exception {
        KeyManager.LoadedKey ps = key(SigningAlgorithm.PS256);
        // A valid PKCS#1 v1.5 signature by the PS256 key: the key is not for RS256.
        assertRefused(sign(AlgorithmIdentifiers.RSA_USING_SHA256, ps.privateKey(), ps.kid()), "RS256 on the PS256 key");
    }

    @Test
    void verifyWhenPs256HeaderOnTheRs256KeyThenRefused() throws Exception {
        KeyManager.LoadedKey rs = key(SigningAlgorithm.RS256);
        assertRefused(sign(AlgorithmIdentifiers.RSA_PSS_USING_SHA256, rs.privateKey(), rs.kid()), "PS256 on the RS256 key");
    }

    @Test
    void verifyWhenRs256HeaderWithAnEcOrOkpKidThenRefused() throws Exception {
        KeyManager.LoadedKey rs = key(SigningAlgorithm.RS256);
        assertRefused(sign(AlgorithmIdentifiers.RSA_USING_SHA256, rs.privateKey(), key(SigningAlgorithm.ES256).kid()), "RS256 with the EC kid");
        assertRefused(sign(AlgorithmIdentifiers.RSA_USING_SHA256, rs.privateKey(), key(SigningAlgorithm.EdDSA).kid()), "RS256 with the OKP kid");
    }

    @Test
    void verifyWhenEs256HeaderWithTheEdDsaKidOrEdDsaWithTheEs256KidThenRefused() throws Exception {
        KeyManager.LoadedKey es = key(SigningAlgorithm.ES256);
        KeyManager.LoadedKey ed = key(SigningAlgorithm.EdDSA);
        assertRefused(sign(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, es.privateKey(), ed.kid()), "ES256 with the EdDSA kid");
        assertRefused(sign(AlgorithmIdentifiers.EDDSA, ed.privateKey(), es.kid()), "EdDSA with the ES256 kid");
    }

    @Test
    void verifyWhenHs256KeyedWithAPublicKeyThenRefused() throws Exception {
        for (SigningAlgorithm alg : List.of(SigningAlgorithm.ES256, SigningAlgorithm.EdDSA, SigningAlgorithm.PS256)) {
            KeyManager.LoadedKey k = key(alg);
            byte[] der = k.publicKey().getEncoded();
            assertRefused(sign(AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(der), k.kid()), "HS256 keyed with the " + alg + " public key");
        }
    }

    @Test
    void verifyWhenAlgNoneWithAKnownKidThenRefused() throws Exception {
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + key(alg).kid() + "\"}").getBytes(StandardCharsets.UTF_8));
            String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            assertRefused(header + "." + body + ".", "none with the " + alg + " kid");
        }
    }

    @Test
    void verifyWhenAlgIsTheKeysButSpelledOtherwiseThenRefusedBeforeSignatureWork() throws Exception {
        KeyManager.LoadedKey ed = key(SigningAlgorithm.EdDSA);
        String good = sign(AlgorithmIdentifiers.EDDSA, ed.privateKey(), ed.kid());
        String[] parts = good.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).replace("\"EdDSA\"", "\"Ed25519\"");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
        assertThrows(InvalidTokenException.class, () -> verifier.verify(forged));
        assertEquals(200, Api.meStatus(good));
    }

    @Test
    void verifyWhenTheSignatureIsMalformedForItsAlgorithmThen401NeverAServerError() throws Exception {
        // The native provider is handed whatever bytes the token carries: ECDSA and Ed25519 expect a
        // fixed length (64), RSA the modulus' (256). Wrong lengths, zeros, junk and bad base64url must
        // be a plain refusal at every check, not an exception out of the provider.
        java.util.Random random = new java.util.Random(7);
        byte[] junk = new byte[512];
        random.nextBytes(junk);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            KeyManager.LoadedKey k = key(alg);
            String good = sign(alg.jose4j(), k.privateKey(), k.kid());
            String signed = good.substring(0, good.lastIndexOf('.') + 1);
            List<String> signatures = List.of("", b64.encodeToString(new byte[1]), b64.encodeToString(new byte[63]),
                    b64.encodeToString(new byte[64]), b64.encodeToString(java.util.Arrays.copyOf(junk, 65)),
                    b64.encodeToString(java.util.Arrays.copyOf(junk, 64)), b64.encodeToString(new byte[256]),
                    b64.encodeToString(java.util.Arrays.copyOf(junk, 255)), b64.encodeToString(junk), "!!!!", "AAAA=", "A");
            for (String sig : signatures) {
                assertRefused(signed + sig, alg + " with a signature of " + sig.length() + " base64url characters");
            }
        }
    }
}
