package dev.gatehouse.keys;

import dev.gatehouse.Api;
import dev.gatehouse.token.AccessTokenVerifier;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.security.interfaces.RSAPublicKey;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In the running service: the readiness details name the provider that signs and the argon2id
 * engine; a token Gatehouse signed (Corretto) verifies under the JDK's provider, and one the JDK
 * signed with Gatehouse's key is accepted by Gatehouse.
 */
@QuarkusTest
class NativeCryptoHealthTest {

    @Inject
    KeyManager keys;
    @Inject
    AccessTokenVerifier verifier;

    @Test
    void readyWhenNativeLoadsThenDetailsNameCorrettoAndLibargon2() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'signing-keys' }.data.provider", equalTo("AmazonCorrettoCryptoProvider"))
                .body("checks.find { it.name == 'signing-keys' }.data.native", equalTo(true))
                .body("checks.find { it.name == 'password-hashing' }.data.argon2id", equalTo("native"))
                .body("checks.name", hasItem("password-hashing"));
    }

    @Test
    void verifyWhenGatehouseSignedThenJdkProviderAccepts() throws Exception {
        String token = Api.newUserToken();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        RSAPublicKey key = (RSAPublicKey) keys.verificationKey(jws.getKeyIdHeaderValue());
        jws.setKey(key);
        jws.setProviderContext(jdk());
        assertTrue(jws.verifySignature());
    }

    @Test
    void verifyWhenJdkSignedWithGatehouseKeyThenVerifierAccepts() throws Exception {
        String original = Api.newUserToken();
        JsonWebSignature parsed = new JsonWebSignature();
        parsed.setCompactSerialization(original);
        KeyManager.LoadedKey key = keys.signingKey();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JwtClaims.parse(parsed.getUnverifiedPayload()).toJson());
        jws.setAlgorithmHeaderValue("RS256");
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "at+jwt");
        jws.setKey(key.privateKey());
        jws.setProviderContext(jdk());
        String resigned = jws.getCompactSerialization();
        assertEquals(verifier.verify(original).getTokenID(), verifier.verify(resigned).getTokenID());
    }

    private static ProviderContext jdk() {
        ProviderContext c = new ProviderContext();
        c.getSuppliedKeyProviderContext().setSignatureProvider("SunRsaSign");
        c.getGeneralProviderContext().setSignatureProvider("SunRsaSign");
        return c;
    }
}
