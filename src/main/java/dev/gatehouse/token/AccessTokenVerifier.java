package dev.gatehouse.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.keys.KeyManager;
import dev.gatehouse.keys.SigningAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies our access tokens against the keys in memory: a known {@code kid}, whose key decides the
 * algorithm (the header's {@code alg} must name exactly that key's algorithm, so no token is checked
 * under an algorithm its key was not made for: {@code none}, HMAC, RS256 on an EC key, PS256 on the
 * RS256 key are all refused before any signature work),
 * {@code typ: at+jwt}, our {@code iss} and {@code aud}, {@code sub}, {@code jti}, {@code exp} and
 * {@code iat} present, time claims within the leeway, lifetime no longer than configured. Headers
 * that name other keys ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) and {@code crit} are
 * refused outright, and so is any spelling but the canonical compact form (base64url without
 * padding, whitespace or stray bits, see {@link #canonicalBase64Url}). Verification uses jose4j, the engine under smallrye-jwt, through one immutable
 * consumer per key (building one per request was most of the cost); the result is smallrye-jwt's
 * {@link DefaultJWTCallerPrincipal}, the {@link JsonWebToken} MicroProfile JWT code expects.
 * Revocation is checked by the caller ({@link RevocationService}).
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");

    private final KeyManager keys;
    private final GatehouseConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final int leewaySeconds;
    private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();

    private record Consumer(PublicKey key, JwtConsumer jwt) {
    }

    /** A token that verified: its key (by identity, so a reload or retirement forces a new check) and expiry. */
    private record Verified(String kid, PublicKey key, long expiresAt, JsonWebToken principal) {
    }

    /** Most verified tokens remembered; past it the map is cleared (a hot set refills it in one pass). */
    private static final int VERIFIED_CACHE_SIZE = 4096;
    /**
     * Tokens that verified, by their whole compact form: a repeat (every request of a session) skips
     * base64, JSON and signature work. Only the outcome "this exact string is a valid token signed by
     * this key, valid until exp" is kept; each hit re-checks that the key is still published and not
     * retired (the same object {@link KeyManager} holds now) and that exp (with the leeway) has not
     * passed, as jose4j does. Revocation is never cached: the caller checks it on every request.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public AccessTokenVerifier(KeyManager keys, GatehouseConfig config, TokenConfig tokenConfig, Clock clock, ObjectMapper json) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.leewaySeconds = (int) Math.min(60, tokenConfig.leeway().toSeconds());
    }

    public JsonWebToken verify(String token) throws InvalidTokenException {
        if (token == null || token.length() > 8192) {
            throw new InvalidTokenException("missing or oversized token");
        }
        Verified hit = verified.get(token);
        if (hit != null) {
            if (keys.verificationKey(hit.kid()) == hit.key() && System.currentTimeMillis() / 1000 < hit.expiresAt() + leewaySeconds) {
                return hit.principal();
            }
            verified.remove(token);
        }
        JsonWebToken principal = verifyFully(token);
        return principal;
    }

    private JsonWebToken verifyFully(String token) throws InvalidTokenException {
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 < 0 || dot2 == token.length() - 1 || token.indexOf('.', dot2 + 1) >= 0) {
            throw new InvalidTokenException("not a compact JWS");
        }
        if (!canonicalBase64Url(token, 0, dot1) || !canonicalBase64Url(token, dot1 + 1, dot2)
                || !canonicalBase64Url(token, dot2 + 1, token.length())) {
            throw new InvalidTokenException("not the canonical compact form");
        }
        JsonNode header = header(token.substring(0, dot1));
        String alg = text(header, "alg");
        if (alg == null || SigningAlgorithm.of(alg).isEmpty()) {
            throw new InvalidTokenException("alg is not one Gatehouse signs with");
        }
        String typ = text(header, "typ");
        if (typ == null || !(typ.equalsIgnoreCase(TokenIssuer.ACCESS_TOKEN_TYPE) || typ.equalsIgnoreCase("application/at+jwt"))) {
            throw new InvalidTokenException("typ is not at+jwt");
        }
        for (String name : FORBIDDEN_HEADERS) {
            if (header.has(name)) {
                throw new InvalidTokenException("header " + name + " is not accepted");
            }
        }
        String kid = text(header, "kid");
        KeyManager.LoadedKey published = kid == null ? null : keys.publishedKey(kid);
        if (published == null) {
            throw new InvalidTokenException("unknown kid");
        }
        // The key's algorithm, never the header's: the header may only repeat it.
        if (!published.algorithm().jose().equals(alg)) {
            throw new InvalidTokenException("alg is not the key's");
        }
        PublicKey key = published.publicKey();
        JwtClaims claims;
        try {
            claims = consumer(kid, published).processToClaims(token);
            if (claims.getIssuedAt().getValue() > clock.instant().getEpochSecond() + leewaySeconds) {
                throw new InvalidTokenException("issued in the future");
            }
        } catch (InvalidJwtException e) {
            // jose4j's message quotes the whole token and its claims: never let it reach a log.
            throw new InvalidTokenException("does not verify (jose4j error codes " + e.getErrorDetails().stream()
                    .map(d -> Integer.toString(d.getErrorCode())).collect(java.util.stream.Collectors.joining(",")) + ")");
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("a claim has the wrong type");
        }
        JsonWebToken principal = new DefaultJWTCallerPrincipal(token, TokenIssuer.ACCESS_TOKEN_TYPE, claims);
        try {
            if (verified.size() >= VERIFIED_CACHE_SIZE) {
                verified.clear();
            }
            verified.put(token, new Verified(kid, key, claims.getExpirationTime().getValue(), principal));
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("a claim has the wrong type");
        }
        return principal;
    }

    private JwtConsumer consumer(String kid, KeyManager.LoadedKey published) {
        PublicKey key = published.publicKey();
        Consumer cached = consumers.get(kid);
        if (cached != null && cached.key() == key) {
            return cached.jwt();
        }
        long ttlSeconds = config.accessTokenTtl().toSeconds();
        JwtConsumer jwt = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, published.algorithm().jose4j())
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setRequireSubject()
                .setRequireJwtId()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds(leewaySeconds)
                .setMaxFutureValidityInMinutes((int) Math.max(1, (ttlSeconds + leewaySeconds + 59) / 60))
                .setIssuedAtRestrictions(leewaySeconds, (int) (ttlSeconds + leewaySeconds))
                .build();
        if (consumers.size() > 64) {
            consumers.clear();
        }
        consumers.put(kid, new Consumer(key, jwt));
        return jwt;
    }

    /**
     * Whether {@code token[from, to)} is non-empty base64url in the one form RFC 7515 allows: only
     * {@code [A-Za-z0-9_-]}, no padding, no whitespace, a length that can encode whole bytes, and
     * zero bits past the last byte, so that decoding it and encoding the bytes again gives the same
     * text. Lenient decoders accept other spellings of the same bytes; we do not, so one token has
     * exactly one spelling (and one {@code jti} entry in every cache and log).
     */
    static boolean canonicalBase64Url(String token, int from, int to) {
        int length = to - from;
        if (length <= 0 || length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = from; i < to; i++) {
            int v = base64UrlValue(token.charAt(i));
            if (v < 0) {
                return false;
            }
            last = v;
        }
        // 2 chars left over carry 1 byte (4 spare bits), 3 chars carry 2 bytes (2 spare bits).
        return switch (length % 4) {
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }

    private JsonNode header(String part) throws InvalidTokenException {
        try {
            JsonNode node = json.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException("header is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidTokenException("header does not decode");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
