package dev.gatehouse.verifier;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Gatehouse's signing algorithms (issue 14, item 4): a token verifies under the algorithm its key is
 * published for (RS256, PS256, ES256, EdDSA), and under no other, even with a valid signature under
 * the algorithm its header names; HMAC and none never.
 */
class KeyTypesTest {

    FakeIssuer issuer;
    MutableClock clock;
    GatehouseVerifier verifier;
    RsaJsonWebKey rs;
    RsaJsonWebKey ps;
    PublicJsonWebKey es;
    PublicJsonWebKey ed;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new FakeIssuer();
        clock = MutableClock.ofNow();
        rs = issuer.signing;
        ps = FakeIssuer.newKey("ps-1");
        ps.setAlgorithm("PS256");
        es = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        es.setKeyId("es-1");
        es.setAlgorithm("ES256");
        es.setUse("sig");
        ed = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        ed.setKeyId("ed-1");
        ed.setAlgorithm("EdDSA");
        ed.setUse("sig");
        issuer.published.add(ps);
        issuer.published.add(es);
        issuer.published.add(ed);
        verifier = issuer.verifier(clock).build();
        verifier.pollNow();
    }

    @AfterEach
    void tearDown() {
        verifier.close();
        issuer.close();
    }

    String sign(PublicJsonWebKey key, String kid, String alg) {
        return issuer.sign(issuer.claims(clock), key.getPrivateKey(), kid, alg);
    }

    TokenRejectedException.Reason rejected(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }

    @Test
    void verifyWhenSignedUnderEachKeysPublishedAlgThenAccepted() throws Exception {
        for (String[] k : new String[][] {{"RS256", rs.getKeyId()}, {"PS256", "ps-1"}, {"ES256", "es-1"}, {"EdDSA", "ed-1"}}) {
            PublicJsonWebKey key = switch (k[0]) {
                case "RS256" -> rs;
                case "PS256" -> ps;
                case "ES256" -> es;
                default -> ed;
            };
            assertEquals(issuer.issuer, verifier.verify(sign(key, k[1], k[0])).claims().getIssuer(), k[0]);
        }
    }

    @Test
    void verifyWhenHeaderNamesAnotherAlgThanTheKeysThenInvalid() {
        // Valid signatures under the header's alg, by keys published for another one.
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(sign(ps, "ps-1", "RS256")));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(sign(rs, rs.getKeyId(), "PS256")));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(sign(rs, "es-1", "RS256")));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(sign(es, "ed-1", "ES256")));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(sign(ed, "es-1", "EdDSA")));
    }

    @Test
    void verifyWhenHs256KeyedWithAnEcOrOkpPublicKeyOrNoneThenInvalid() throws Exception {
        for (PublicJsonWebKey k : new PublicJsonWebKey[] {es, ed}) {
            String token = issuer.sign(issuer.claims(clock), new HmacKey(k.getPublicKey().getEncoded()), k.getKeyId(), "HS256");
            assertEquals(TokenRejectedException.Reason.INVALID, rejected(token));
        }
        String b64 = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"ed-1\"}".getBytes());
        String body = sign(ed, "ed-1", "EdDSA").split("\\.")[1];
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(b64 + "." + body + "."));
    }

    @Test
    void verifyWhenAlgorithmsNarrowedToRs256ThenEs256RefusedEvenIfTheKeySaysSo() throws Exception {
        verifier.close();
        verifier = issuer.verifier(clock).algorithms("RS256").build();
        verifier.pollNow();
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(sign(es, "es-1", "ES256")));
        verifier.verify(sign(rs, rs.getKeyId(), "RS256"));
    }

    @Test
    void defaultAlgorithmsWhenNotConfiguredThenTheFourGatehouseSignsWith() {
        assertEquals(java.util.List.of("RS256", "PS256", "ES256", "EdDSA"), GatehouseVerifier.DEFAULT_ALGORITHMS);
    }
}
