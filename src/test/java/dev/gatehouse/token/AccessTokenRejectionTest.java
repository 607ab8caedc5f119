package dev.gatehouse.token;

import dev.gatehouse.Api;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.keys.KeyManager;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * SECURITY-CASES 1-8: every forged, foreign, stale or revoked bearer token gets 401. Nothing is
 * injected, so {@link AccessTokenRejectionIT} runs every case against the packaged jar too.
 */
@QuarkusTest
class AccessTokenRejectionTest {

    /**
     * What Gatehouse signs with now: the key of one of its own tokens (private part read from the
     * test database and decrypted as Gatehouse does), and the issuer and audience it wrote.
     */
    record Signer(KeyManager.LoadedKey signingKey, String issuer, String audience) {
        static Signer of(String token) {
            try {
                String[] parts = token.split("\\.");
                JwtClaims real = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
                if (real.getAudience().size() != 1) {
                    throw new IllegalStateException("expected one audience: " + real.getAudience());
                }
                return new Signer(TestDatabase.signingKey(Api.kidOf(token)), real.getIssuer(), real.getAudience().get(0));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Both names the tests use ({@code keys.signingKey()}, {@code config.issuer()}) read the same {@link Signer}. */
    private Signer keys;
    private Signer config;

    private String subject;
    private String email;

    @BeforeEach
    void account() {
        email = Api.uniqueEmail();
        subject = Api.register(email, Api.PASSWORD);
        keys = config = Signer.of(Api.login(email, Api.PASSWORD));
    }

    private JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        long now = Instant.now().getEpochSecond();
        c.setIssuer(config.issuer());
        c.setSubject(subject);
        c.setAudience(config.audience());
        c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
        c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 600));
        c.setJwtId(UUID.randomUUID().toString());
        c.setClaim("scope", "openid");
        c.setStringListClaim("groups", List.of("user"));
        c.setStringListClaim("amr", List.of("pwd"));
        return c;
    }

    /** Signs like Gatehouse does (RS256, our kid, at+jwt), after {@code tweak} has changed claims or headers. */
    private String sign(Consumer<JwtClaims> claimTweak, Consumer<JsonWebSignature> headerTweak) throws Exception {
        KeyManager.LoadedKey key = keys.signingKey();
        JwtClaims c = claims();
        claimTweak.accept(c);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "at+jwt");
        jws.setKey(key.privateKey());
        headerTweak.accept(jws);
        return jws.getCompactSerialization();
    }

    private String sign(Consumer<JwtClaims> claimTweak) throws Exception {
        return sign(claimTweak, j -> { });
    }

    private static void assertRefused(String token) {
        given().auth().oauth2(token).when().get("/auth/me")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json");
    }

    private static void assertAccepted(String token) {
        given().auth().oauth2(token).when().get("/auth/me").then().statusCode(200);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void controlWhenSignedLikeGatehouseThenAccepted() throws Exception {
        assertAccepted(sign(c -> { }));
    }

    @Test
    void verifyWhenAlgNoneInAnyCasingThenRejected() throws Exception {
        String payload = sign(c -> { }).split("\\.")[1];
        String kid = keys.signingKey().kid();
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}");
            assertRefused(header + "." + payload + ".");
            assertRefused(header + "." + payload);
        }
    }

    @Test
    void verifyWhenHs256KeyedWithOurPublicKeyThenRejected() throws Exception {
        KeyManager.LoadedKey key = keys.signingKey();
        byte[] der = key.publicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        RsaJsonWebKey jwk = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) key.publicKey());
        jwk.setKeyId(key.kid());
        String jwkJson = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII), jwkJson.getBytes(StandardCharsets.UTF_8))) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims().toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKeyIdHeaderValue(key.kid());
            jws.setHeader("typ", "at+jwt");
            jws.setKey(new HmacKey(secret));
            jws.setDoKeyValidation(false);
            assertRefused(jws.getCompactSerialization());
        }
    }

    @Test
    void verifyWhenSignatureByteFlippedOrStrippedOrAlgChangedThenRejected() throws Exception {
        String token = sign(c -> { });
        String[] parts = token.split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[sig.length / 2] ^= 0x01;
        assertRefused(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
        assertRefused(parts[0] + "." + parts[1] + ".");
        assertRefused(parts[0] + "." + parts[1]);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        for (String alg : List.of("RS384", "RS512", "PS256", "ES256")) {
            assertRefused(b64(header.replace("RS256", alg)) + "." + parts[1] + "." + parts[2]);
        }
        // A changed payload under the old signature.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertRefused(parts[0] + "." + b64(payload.replace("\"user\"", "\"admin\"")) + "." + parts[2]);
    }

    @Test
    void verifyWhenKidUnknownThenRejectedWithoutServerError() throws Exception {
        RsaJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue("no-such-kid");
        jws.setHeader("typ", "at+jwt");
        jws.setKey(foreign.getPrivateKey());
        assertRefused(jws.getCompactSerialization());
        // Our kid but a foreign key's signature.
        jws.setKeyIdHeaderValue(keys.signingKey().kid());
        assertRefused(jws.getCompactSerialization());
        // No kid at all, signed with our key.
        assertRefused(sign(c -> { }, j -> j.getHeaders().setObjectHeaderValue("kid", null)));
    }

    @Test
    void verifyWhenKeyUrlHeadersPresentThenRejected() throws Exception {
        assertRefused(sign(c -> { }, j -> j.setHeader("jku", "http://127.0.0.1:1/jwks.json")));
        assertRefused(sign(c -> { }, j -> j.setHeader("x5u", "http://127.0.0.1:1/cert.pem")));
        assertRefused(sign(c -> { }, j -> j.getHeaders().setJwkHeaderValue("jwk", new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) keys.signingKey().publicKey()))));
    }

    @Test
    void verifyWhenIssuerForeignThenRejected() throws Exception {
        assertRefused(sign(c -> c.setIssuer("https://evil.example")));
        assertRefused(sign(c -> c.unsetClaim("iss")));
    }

    @Test
    void verifyWhenAudienceMissingOrForeignThenRejected() throws Exception {
        assertRefused(sign(c -> c.unsetClaim("aud")));
        assertRefused(sign(c -> c.setAudience("another-service")));
    }

    @Test
    void verifyWhenTypIsNotAccessTokenThenRejected() throws Exception {
        for (String typ : List.of("JWT", "mfa+jwt", "refresh+jwt", "id_token")) {
            assertRefused(sign(c -> { }, j -> j.setHeader("typ", typ)));
        }
        assertRefused(sign(c -> { }, j -> j.getHeaders().setObjectHeaderValue("typ", null)));
    }

    @Test
    void verifyWhenExpiredBeyondLeewayOrMissingExpThenRejected() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertRefused(sign(c -> {
            c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now - 900));
            c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now - 90));
        }));
        assertRefused(sign(c -> c.unsetClaim("exp")));
        // Inside the 30 s leeway it still counts as valid.
        assertAccepted(sign(c -> {
            c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now - 600));
            c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now - 5));
        }));
    }

    @Test
    void verifyWhenNotYetValidOrIssuedInFutureBeyondLeewayThenRejected() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertRefused(sign(c -> c.setNotBefore(org.jose4j.jwt.NumericDate.fromSeconds(now + 120))));
        assertRefused(sign(c -> {
            c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now + 120));
            c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 700));
        }));
    }

    @Test
    void verifyWhenLifetimeLongerThanConfiguredThenRejected() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertRefused(sign(c -> c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 86_400 * 365))));
    }

    @Test
    void verifyWhenMalformedThenRejectedWithoutServerError() {
        for (String junk : List.of("x", "a.b.c", "....", b64("{}") + "." + b64("{}") + ".", "%%%.%%%.%%%", "eyJ.eyJ.eyJ")) {
            assertRefused(junk);
        }
    }

    /** A signed token whose signature segment holds at least one {@code -} or {@code _}, so the other alphabet can be tried. */
    private String tokenWithUrlSafeCharsInSignature() throws Exception {
        for (int i = 0; i < 50; i++) {
            String token = sign(c -> { });
            String sig = token.substring(token.lastIndexOf('.') + 1);
            if (sig.indexOf('-') >= 0 || sig.indexOf('_') >= 0) {
                return token;
            }
        }
        throw new AssertionError("no signature with - or _ in 50 tries");
    }

    /** The variant carries the same bytes as the original (a lenient decoder would accept it), yet it is refused. */
    private static void assertSameBytesButRefused(String original, String variant) {
        org.junit.jupiter.api.Assertions.assertNotEquals(original, variant);
        String[] a = original.split("\\.");
        String[] b = variant.split("\\.");
        for (int i = 0; i < 3; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(Base64.getUrlDecoder().decode(a[i]),
                    java.util.Base64.getMimeDecoder().decode(b[i].replace('-', '+').replace('_', '/')), "segment " + i);
        }
        assertRefused(variant);
    }

    @Test
    void verifyWhenSegmentPaddedThenRejected() throws Exception {
        String token = sign(c -> { });
        String[] p = token.split("\\.");
        // The 256-byte RS256 signature is 342 characters: its padded form ends in "==".
        assertSameBytesButRefused(token, p[0] + "." + p[1] + "." + p[2] + "==");
        assertSameBytesButRefused(token, pad(p[0]) + "." + pad(p[1]) + "." + pad(p[2]));
        assertAccepted(token);
    }

    private static String pad(String segment) {
        return segment + "=".repeat((4 - segment.length() % 4) % 4);
    }

    @Test
    void verifyWhenStandardBase64AlphabetThenRejected() throws Exception {
        String token = tokenWithUrlSafeCharsInSignature();
        int dot = token.lastIndexOf('.');
        String sig = token.substring(dot + 1).replace('-', '+').replace('_', '/');
        assertSameBytesButRefused(token, token.substring(0, dot + 1) + sig);
        assertAccepted(token);
    }

    @Test
    void verifyWhenWhitespaceInsideThenRejected() throws Exception {
        String token = sign(c -> { });
        String[] p = token.split("\\.");
        int half = p[1].length() / 2;
        assertSameBytesButRefused(token, p[0] + "." + p[1].substring(0, half) + " " + p[1].substring(half) + "." + p[2]);
        assertSameBytesButRefused(token, p[0] + "." + p[1] + "." + p[2].substring(0, 100) + "\t" + p[2].substring(100));
        assertSameBytesButRefused(token, p[0] + " ." + p[1] + "." + p[2]);
    }

    @Test
    void verifyWhenSegmentHasNonCanonicalTrailingBitsThenRejected() throws Exception {
        String token = sign(c -> { });
        int dot = token.lastIndexOf('.');
        String sig = token.substring(dot + 1);
        // 342 characters: the last one carries 2 bits of the last byte and 4 spare bits, which must be 0.
        org.junit.jupiter.api.Assertions.assertEquals(2, sig.length() % 4);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(sig.charAt(sig.length() - 1));
        String variant = token.substring(0, token.length() - 1) + alphabet.charAt(last | 0x0F);
        assertSameBytesButRefused(token, variant);
    }

    @Test
    void verifyWhenJtiRevokedThenRejected() {
        String token = Api.login(accountsEmail(), Api.PASSWORD);
        assertAccepted(token);
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(204);
        assertRefused(token);
    }

    @Test
    void verifyWhenAccountDisabledThenEarlierTokensRejected() {
        String token = Api.login(accountsEmail(), Api.PASSWORD);
        assertAccepted(token);
        given().auth().oauth2(Api.newAdminToken()).when().post("/admin/accounts/" + subject + "/disable").then().statusCode(204);
        assertRefused(token);
    }

    @Test
    void logoutAllWhenCalledThenEveryTokenOfTheAccountRejected() {
        String email = accountsEmail();
        String first = Api.login(email, Api.PASSWORD);
        String second = Api.login(email, Api.PASSWORD);
        given().auth().oauth2(first).when().post("/auth/logout-all").then().statusCode(204);
        assertRefused(first);
        assertRefused(second);
        // Another account is untouched.
        assertAccepted(Api.newUserToken());
    }

    private String accountsEmail() {
        return email;
    }

}
