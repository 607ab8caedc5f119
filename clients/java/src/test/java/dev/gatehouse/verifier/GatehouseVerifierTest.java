package dev.gatehouse.verifier;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library against a fake issuer on loopback; time moves only with {@link MutableClock}; polls are driven by the test. */
class GatehouseVerifierTest {

    FakeIssuer issuer;
    MutableClock clock;
    GatehouseVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new FakeIssuer();
        clock = MutableClock.ofNow();
        verifier = issuer.verifier(clock).build();
    }

    @AfterEach
    void tearDown() {
        verifier.close();
        issuer.close();
    }

    TokenRejectedException.Reason rejected(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }

    @Test
    void verifyWhenFeedNeverReadThenUnavailableNeverAccepted() {
        assertEquals(TokenRejectedException.Reason.UNAVAILABLE, rejected(issuer.sign(issuer.claims(clock))));
        assertFalse(verifier.stats().synced());
    }

    @Test
    void verifyWhenValidPersonTokenThenClaims() throws Exception {
        verifier.pollNow();
        JwtClaims c = issuer.claims(clock);
        VerifiedToken t = verifier.verify(issuer.sign(c));
        assertEquals(c.getSubject(), t.subject());
        assertEquals(java.util.Set.of("user"), t.groups());
        assertEquals(java.util.Set.of("openid", "profile"), t.scopes());
    }

    @Test
    void verifyWhenClientCredentialsTokenThenClaimsWithoutSession() throws Exception {
        verifier.pollNow();
        JwtClaims c = issuer.claims(clock);
        c.setSubject("billing-service");
        c.setClaim("client_id", "billing-service");
        c.unsetClaim("sid");
        c.unsetClaim("groups");
        VerifiedToken t = verifier.verify(issuer.sign(c));
        assertEquals("billing-service", t.subject());
        assertEquals("billing-service", t.clientId());
        assertNull(t.sessionId());
        assertTrue(t.groups().isEmpty());
    }

    @Test
    void verifyWhenJtiRevokedThenRevokedAtNextPoll() throws Exception {
        verifier.pollNow();
        JwtClaims c = issuer.claims(clock);
        String token = issuer.sign(c);
        verifier.verify(token);
        issuer.revokeToken(c.getJwtId(), c.getExpirationTime().getValue());
        verifier.pollNow();
        assertEquals(TokenRejectedException.Reason.REVOKED, rejected(token));
        verifier.verify(issuer.sign(issuer.claims(clock)));
    }

    @Test
    void verifyWhenIssuedBeforeWatermarkThenRevokedAndLaterTokenAccepted() throws Exception {
        verifier.pollNow();
        JwtClaims before = issuer.claims(clock);
        long now = clock.millis() / 1000;
        clock.advance(Duration.ofSeconds(1));
        issuer.revokeAccount(before.getSubject(), now + 1, now + 960);
        verifier.pollNow();
        assertEquals(TokenRejectedException.Reason.REVOKED, rejected(issuer.sign(before)));
        JwtClaims after = issuer.claims(clock);
        after.setSubject(before.getSubject());
        verifier.verify(issuer.sign(after));
    }

    @Test
    void verifyWhenFailClosedAndFeedFailsThenUnavailableUntilItAnswers() throws Exception {
        verifier.pollNow();
        String token = issuer.sign(issuer.claims(clock));
        verifier.verify(token);
        issuer.feedStatus = 503;
        assertThrows(java.io.IOException.class, verifier::pollNow);
        assertEquals(TokenRejectedException.Reason.UNAVAILABLE, rejected(token));
        assertEquals(1, verifier.stats().consecutiveFailures());
        assertEquals("revocation feed answered 503", verifier.stats().lastError());
        issuer.feedStatus = 200;
        verifier.pollNow();
        verifier.verify(token);
    }

    @Test
    void verifyWhenFailClosedAndNoPollForTooLongThenUnavailable() throws Exception {
        verifier.pollNow();
        String token = issuer.sign(issuer.claims(clock));
        clock.advance(Duration.ofSeconds(4));   // 2 × 1 s interval + 2 s timeout + 1 s: still fresh
        verifier.verify(token);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(TokenRejectedException.Reason.UNAVAILABLE, rejected(token));
    }

    @Test
    void verifyWhenFailOpenAndFeedFailsThenLastStateUntilWindowEnds() throws Exception {
        verifier.close();
        verifier = issuer.verifier(clock).onFeedFailure(FeedFailurePolicy.failOpenFor(Duration.ofSeconds(60))).build();
        verifier.pollNow();
        JwtClaims revokedClaims = issuer.claims(clock);
        issuer.revokeToken(revokedClaims.getJwtId(), revokedClaims.getExpirationTime().getValue());
        verifier.pollNow();
        String live = issuer.sign(issuer.claims(clock));
        String revoked = issuer.sign(revokedClaims);
        issuer.feedStatus = 503;
        clock.advance(Duration.ofSeconds(30));
        assertThrows(java.io.IOException.class, verifier::pollNow);
        verifier.verify(live);
        assertEquals(TokenRejectedException.Reason.REVOKED, rejected(revoked));
        assertEquals(Duration.ofSeconds(30), verifier.stats().lag());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(TokenRejectedException.Reason.UNAVAILABLE, rejected(live));
        assertFalse(verifier.stats().usable());
    }

    // --- forged and foreign tokens: one rejection per rule ---

    String forge(Consumer<JwtClaims> claims, Consumer<JsonWebSignature> header) throws Exception {
        verifier.pollNow();
        JwtClaims c = issuer.claims(clock);
        claims.accept(c);
        return issuer.sign(c, issuer.signing, header);
    }

    @Test
    void verifyWhenAlgNoneThenInvalid() throws Exception {
        verifier.pollNow();
        String header = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}");
        String token = header + "." + b64(issuer.claims(clock).toJson()) + ".";
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token));
        String noneCased = b64("{\"alg\":\"nOnE\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}") + "." + b64(issuer.claims(clock).toJson()) + ".x";
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(noneCased));
    }

    @Test
    void verifyWhenHs256WithThePublicKeyThenInvalid() throws Exception {
        verifier.pollNow();
        byte[] der = issuer.signing.getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : new byte[][] {der, pem.getBytes(StandardCharsets.US_ASCII), issuer.signing.toJson().getBytes(StandardCharsets.UTF_8)}) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(issuer.claims(clock).toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKeyIdHeaderValue("k1");
            jws.setHeader("typ", "at+jwt");
            jws.setKey(new HmacKey(secret));
            jws.setDoKeyValidation(false);
            assertEquals(TokenRejectedException.Reason.INVALID, rejected(jws.getCompactSerialization()));
        }
    }

    @Test
    void verifyWhenForeignKeyWithSameKidThenInvalid() throws Exception {
        verifier.pollNow();
        RsaJsonWebKey foreign = FakeIssuer.newKey("k1");
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(issuer.sign(issuer.claims(clock), foreign, h -> { })));
    }

    @Test
    void verifyWhenWrongTypThenInvalid() throws Exception {
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> { }, h -> h.setHeader("typ", "JWT"))));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> { }, h -> h.getHeaders().setObjectHeaderValue("typ", null))));
    }

    @Test
    void verifyWhenWrongAudienceOrIssuerThenInvalid() throws Exception {
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> c.setAudience("another-service"), h -> { })));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> c.unsetClaim("aud"), h -> { })));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> c.setIssuer(issuer.issuer + "/"), h -> { })));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> c.setIssuer("https://evil.example"), h -> { })));
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenInvalidWithinSkewAccepted() throws Exception {
        String token = forge(c -> c.setClaim("exp", clock.millis() / 1000 + 10), h -> { });
        clock.advance(Duration.ofSeconds(10 + 29));
        verifier.pollNow();
        verifier.verify(token);
        clock.advance(Duration.ofSeconds(2));
        verifier.pollNow();
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token));
    }

    @Test
    void verifyWhenIssuedInTheFutureOrMissingClaimsThenInvalid() throws Exception {
        long now = clock.millis() / 1000;
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> c.setClaim("iat", now + 120), h -> { })));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> c.unsetClaim("exp"), h -> { })));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> c.unsetClaim("jti"), h -> { })));
    }

    @Test
    void verifyWhenKeyUrlHeadersThenInvalid() throws Exception {
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> { }, h -> h.setHeader("jku", "https://evil.example/jwks"))));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(forge(c -> { }, h -> h.setHeader("x5u", "https://evil.example/cert"))));
    }

    @Test
    void verifyWhenSignatureTamperedThenInvalid() throws Exception {
        String token = forge(c -> { }, h -> { });
        String[] p = token.split("\\.");
        String payload = b64(new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("\"user\"", "\"admin\""));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(p[0] + "." + payload + "." + p[2]));
    }

    @Test
    void buildWhenHmacOrNoneAlgorithmConfiguredThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> GatehouseVerifier.builder("https://x").algorithms("HS256"));
        assertThrows(IllegalArgumentException.class, () -> GatehouseVerifier.builder("https://x").algorithms("none"));
        assertThrows(IllegalStateException.class, () -> GatehouseVerifier.builder("https://x").build());
    }

    // --- keys ---

    @Test
    void verifyWhenUnknownKidThenRefetchedAtMostOncePerInterval() throws Exception {
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock)));
        assertEquals(1, issuer.jwksRequests.get());
        for (int i = 0; i < 20; i++) {
            RsaJsonWebKey junk = FakeIssuer.newKeyCached("junk-" + i);
            assertEquals(TokenRejectedException.Reason.INVALID, rejected(issuer.sign(issuer.claims(clock), junk, h -> { })));
        }
        assertEquals(1, issuer.jwksRequests.get(), "unknown kids within 30 s of the last fetch cause no fetch");
        // A rotation: the new key is published, then signs. After the interval one fetch finds it.
        RsaJsonWebKey k2 = FakeIssuer.newKey("k2");
        issuer.published.add(k2);
        clock.advance(Duration.ofSeconds(31));
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock), k2, h -> { }));
        assertEquals(2, issuer.jwksRequests.get());
    }

    @Test
    void verifyWhenJwksMaxAgePassedThenRefetchedAndRotatedKeyKnownBeforeItSigns() throws Exception {
        issuer.jwksCacheControl = "public, max-age=60";
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock)));
        RsaJsonWebKey k2 = FakeIssuer.newKey("k2");
        issuer.published.add(k2);
        clock.advance(Duration.ofSeconds(30));
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock)));
        assertEquals(1, issuer.jwksRequests.get(), "fresh for max-age");
        clock.advance(Duration.ofSeconds(31));
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock)));   // known kid, past max-age: refetched
        assertEquals(2, issuer.jwksRequests.get());
        verifier.verify(issuer.sign(issuer.claims(clock), k2, h -> { }));
        assertEquals(2, issuer.jwksRequests.get(), "the successor was already known: no fetch when it starts signing");
    }

    @Test
    void verifyWhenMaxAgeShorterThanUnknownKidIntervalThenMaxAgeHonoured() throws Exception {
        issuer.jwksCacheControl = "public, max-age=2";
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock)));
        RsaJsonWebKey k2 = FakeIssuer.newKey("k2");
        issuer.published.add(k2);
        clock.advance(Duration.ofSeconds(3));
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock)));
        assertEquals(2, issuer.jwksRequests.get());
        verifier.verify(issuer.sign(issuer.claims(clock), k2, h -> { }));
    }

    @Test
    void verifyWhenJwksUnreachableAtFirstThenRetriedWithBackoffNotAfterTheUnknownKidInterval() throws Exception {
        verifier.pollNow();
        String token = issuer.sign(issuer.claims(clock));
        issuer.jwksStatus = 503;
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token));
        assertEquals(1, issuer.jwksRequests.get(), "no second fetch within a second");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token));
        assertEquals(2, issuer.jwksRequests.get());
        issuer.jwksStatus = 200;
        clock.advance(Duration.ofSeconds(1));
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token), "the second failure waits 2 s");
        clock.advance(Duration.ofSeconds(1));
        verifier.pollNow();
        verifier.verify(token);
        assertEquals(3, issuer.jwksRequests.get());
    }

    @Test
    void verifyWhenKeysLoadedAndUnknownKidThenRefusedNowAndRefetchedInTheBackground() throws Exception {
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        verifier.close();
        verifier = issuer.verifier(clock).jwksExecutor(queued::add).build();
        verifier.pollNow();
        verifier.verify(issuer.sign(issuer.claims(clock)));   // nothing loaded yet: this one waited for the fetch
        assertTrue(queued.isEmpty());
        RsaJsonWebKey k2 = FakeIssuer.newKey("k2");
        issuer.published.add(k2);
        clock.advance(Duration.ofSeconds(31));
        verifier.pollNow();
        String token = issuer.sign(issuer.claims(clock), k2, h -> { });
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token), "the request does not wait on the issuer");
        assertEquals(1, queued.size());
        assertEquals(TokenRejectedException.Reason.INVALID, rejected(token));
        assertEquals(1, queued.size(), "one refetch at a time");
        queued.remove(0).run();
        verifier.verify(token);
    }

    // --- memory ---

    @Test
    void pollWhen100000RevocationsArriveAndExpireThenStoreStaysBoundedAndEmpties() throws Exception {
        verifier.pollNow();
        int max = 0;
        for (int round = 0; round < 100; round++) {
            long now = clock.millis() / 1000;
            for (int i = 0; i < 1000; i++) {
                // Each lives 60 s; with 10 s between rounds at most 6-7 rounds can still matter at once.
                issuer.revokeToken("r" + round + "-" + i, now + 60);
            }
            if (round % 10 == 0) {
                issuer.revokeAccount("acct-" + round, now, now + 60);
            }
            verifier.pollNow();
            max = Math.max(max, verifier.stats().revokedTokens());
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals(100_000 + 10, issuer.entries.size());
        assertTrue(max <= 10_000, "store held " + max + " entries at once");
        clock.advance(Duration.ofSeconds(60 + 30 + 1));   // past the last exp and the skew
        verifier.pollNow();
        assertEquals(0, verifier.stats().revokedTokens());
        assertEquals(0, verifier.stats().accountWatermarks());
        assertEquals("100010", verifier.stats().cursor());
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
