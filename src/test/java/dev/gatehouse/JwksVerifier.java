package dev.gatehouse;

import io.restassured.RestAssured;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * What a resource server does with our tokens, offline: jose4j's caching {@link HttpsJwks}
 * (honours {@code Cache-Control}, refetches on an unknown {@code kid}) against
 * {@code /.well-known/jwks.json}, RS256 only, {@code typ: at+jwt}, our issuer and an audience.
 */
public final class JwksVerifier {

    private final JwtConsumer consumer;

    public JwksVerifier(String baseUri, String issuer, String audience) {
        HttpsJwks jwks = new HttpsJwks(baseUri + "/.well-known/jwks.json");
        consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedType(true, "at+jwt")
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .build();
    }

    /** For the service under test (RestAssured's port, the %test issuer). */
    public static JwksVerifier forTestService(String audience) {
        return new JwksVerifier("http://localhost:" + RestAssured.port, "http://localhost:8081", audience);
    }

    public JwtClaims verify(String token) throws InvalidJwtException {
        return consumer.processToClaims(token);
    }
}
