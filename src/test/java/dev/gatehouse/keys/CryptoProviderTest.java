package dev.gatehouse.keys;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Corretto provider loads on this platform, and RS256 tokens signed under it and under the JDK verify under the other. */
class CryptoProviderTest {

    static final String JDK = "SunRsaSign";

    @BeforeAll
    static void install() {
        CryptoProvider.install(true);
    }

    @Test
    void installWhenLinuxX8664ThenCorrettoSignsFirst() {
        assertTrue(CryptoProvider.installed(), String.valueOf(CryptoProvider.loadError()));
        assertEquals(CryptoProvider.ACCP_NAME, CryptoProvider.signer());
        assertEquals(CryptoProvider.ACCP_NAME, Security.getProviders()[0].getName());
    }

    @Test
    void verifyWhenSignedByCorrettoThenJdkAccepts() throws Exception {
        KeyPair pair = rsa();
        String token = sign(pair, CryptoProvider.ACCP_NAME);
        assertTrue(verify(pair, token, JDK));
        assertTrue(verify(pair, token, CryptoProvider.ACCP_NAME));
    }

    @Test
    void verifyWhenSignedByJdkThenCorrettoAccepts() throws Exception {
        KeyPair pair = rsa();
        String token = sign(pair, JDK);
        assertTrue(verify(pair, token, CryptoProvider.ACCP_NAME));
    }

    @Test
    void verifyWhenTamperedThenBothRefuse() throws Exception {
        KeyPair pair = rsa();
        String token = sign(pair, CryptoProvider.ACCP_NAME);
        String tampered = token.substring(0, token.indexOf('.') + 1) + "eyJzdWIiOiJvdGhlciJ9" + token.substring(token.lastIndexOf('.'));
        assertFalse(verify(pair, tampered, JDK));
        assertFalse(verify(pair, tampered, CryptoProvider.ACCP_NAME));
    }

    @Test
    void verifyWhenKeyGeneratedByJdkThenCorrettoSignsWithIt() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", JDK);
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        assertTrue(verify(pair, sign(pair, CryptoProvider.ACCP_NAME), JDK));
        assertNotNull(pair.getPrivate());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static String sign(KeyPair pair, String provider) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{\"sub\":\"someone\",\"jti\":\"abc\"}");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(pair.getPrivate());
        jws.setProviderContext(context(provider));
        return jws.getCompactSerialization();
    }

    static boolean verify(KeyPair pair, String token, String provider) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(pair.getPublic());
        jws.setProviderContext(context(provider));
        return jws.verifySignature();
    }

    private static ProviderContext context(String provider) {
        ProviderContext c = new ProviderContext();
        c.getSuppliedKeyProviderContext().setSignatureProvider(provider);
        c.getGeneralProviderContext().setSignatureProvider(provider);
        return c;
    }
}
