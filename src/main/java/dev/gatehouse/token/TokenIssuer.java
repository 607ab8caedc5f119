package dev.gatehouse.token;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.keys.KeyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.gatehouse.keys.SigningAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens in the RFC 9068 profile with the active key of the deployment's access-token
 * algorithm ({@code gatehouse.keys.access-token-algorithm}, RS256 by default), and ID and logout
 * tokens with the active key of the algorithm the client registered ({@code id_token_signed_response_alg}).
 * The header's {@code alg} is always the key's own.
 */
@ApplicationScoped
public class TokenIssuer {

    /** The {@code typ} header of every access token (RFC 9068). */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";

    private final KeyManager keys;
    private final GatehouseConfig config;
    private final Clock clock;
    private final Counter issued;
    private final SecureRandom random = new SecureRandom();

    public TokenIssuer(KeyManager keys, GatehouseConfig config, Clock clock, MeterRegistry registry) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.issued = Counter.builder("gatehouse.tokens.issued").description("Access tokens issued").register(registry);
    }

    /** A signed access token and what a token response needs to say about it. */
    public record AccessToken(String token, String jti, Instant expiresAt, long expiresIn) {
    }

    /** An access token; {@code sessionId} (the refresh-token family) goes into the {@code sid} claim when given. */
    public AccessToken issue(UUID accountId, Set<String> roles, String scope, List<String> amr, UUID sessionId) {
        return issue(accountId, roles, scope, amr, sessionId, null);
    }

    /** As above, for a registered client: {@code client_id} (RFC 9068) when {@code clientId} is given. */
    public AccessToken issue(UUID accountId, Set<String> roles, String scope, List<String> amr, UUID sessionId, String clientId) {
        return issue(prepare(), accountId, roles, scope, amr, sessionId, clientId);
    }

    /** The id, issue time and lifetime of an access token not signed yet (a refresh decides its race first). */
    public record Prepared(String jti, long iat, long ttl) {
        public Instant expiresAt() {
            return Instant.ofEpochSecond(iat + ttl);
        }
    }

    /** A new token id, issued now, with the configured lifetime. */
    public Prepared prepare() {
        return new Prepared(newJti(), clock.instant().getEpochSecond(), config.accessTokenTtl().toSeconds());
    }

    /** Signs the access token {@code prepared} describes (see {@link #issue(UUID, Set, String, List, UUID, String)}). */
    public AccessToken issue(Prepared prepared, UUID accountId, Set<String> roles, String scope, List<String> amr, UUID sessionId,
                             String clientId) {
        KeyManager.LoadedKey key = keys.accessTokenKey();
        long iat = prepared.iat();
        long ttl = prepared.ttl();
        String jti = prepared.jti();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(accountId.toString());
        claims.setAudience(config.audience());
        claims.setIssuedAt(NumericDate.fromSeconds(iat));
        claims.setExpirationTime(NumericDate.fromSeconds(iat + ttl));
        claims.setClaim("jti", jti);
        claims.setClaim("scope", scope);
        claims.setClaim("groups", new ArrayList<>(roles));
        claims.setClaim("amr", new ArrayList<>(amr));
        if (sessionId != null) {
            claims.setClaim("sid", sessionId.toString());
        }
        if (clientId != null) {
            claims.setClaim("client_id", clientId);
        }
        String token = sign(claims, key, ACCESS_TOKEN_TYPE);
        issued.increment();
        return new AccessToken(token, jti, Instant.ofEpochSecond(iat + ttl), ttl);
    }

    /**
     * An access token for a grant of the token endpoint: {@code subject} is an account id (token
     * exchange of an API key) or a client id (client credentials, where {@code clientId} is the
     * same); {@code audience} the token's {@code aud}; {@code ttl} at most the access-token TTL.
     * No {@code sid}: these tokens belong to no session.
     */
    public AccessToken issue(String subject, Set<String> roles, String scope, List<String> amr, List<String> audience,
                             String clientId, java.time.Duration ttl) {
        KeyManager.LoadedKey key = keys.accessTokenKey();
        long iat = clock.instant().getEpochSecond();
        long life = Math.max(1, Math.min(ttl.toSeconds(), config.accessTokenTtl().toSeconds()));
        String jti = newJti();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(subject);
        claims.setAudience(new ArrayList<>(new java.util.LinkedHashSet<>(audience)));
        claims.setIssuedAt(NumericDate.fromSeconds(iat));
        claims.setExpirationTime(NumericDate.fromSeconds(iat + life));
        claims.setClaim("jti", jti);
        claims.setClaim("scope", scope);
        if (roles != null && !roles.isEmpty()) {
            claims.setClaim("groups", new ArrayList<>(roles));
        }
        if (amr != null && !amr.isEmpty()) {
            claims.setClaim("amr", new ArrayList<>(amr));
        }
        if (clientId != null) {
            claims.setClaim("client_id", clientId);
        }
        String token = sign(claims, key, ACCESS_TOKEN_TYPE);
        issued.increment();
        return new AccessToken(token, jti, Instant.ofEpochSecond(iat + life), life);
    }

    /**
     * Signs {@code claims} with jose4j directly (what smallrye-jwt-build does underneath, without its
     * per-token configuration lookups for default claims, which access tokens never need: they set
     * {@code iss}, {@code aud}, {@code iat}, {@code exp} and {@code jti} themselves). Header:
     * {@code kid}, {@code typ}, and {@code alg} the key's own.
     */
    static String sign(JwtClaims claims, KeyManager.LoadedKey key, String typ) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", typ);
        jws.setAlgorithmHeaderValue(key.algorithm().jose4j());
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token with key " + key.kid(), e);
        }
    }

    /** The {@code typ} header of ID tokens: never accepted as an access token ({@link AccessTokenVerifier} wants at+jwt). */
    public static final String ID_TOKEN_TYPE = "JWT";
    /** The {@code typ} header of back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0, section 2.4). */
    public static final String LOGOUT_TOKEN_TYPE = "logout+jwt";

    /**
     * An OpenID Connect ID token signed with RS256 ({@code kid}, {@code typ: JWT}); see the overload with an algorithm.
     */
    public String idToken(UUID accountId, String clientId, Instant authTime, String nonce, List<String> amr, String acr,
                          String accessToken, UUID sid, java.util.Map<String, Object> extra, java.time.Duration ttl) {
        return idToken(SigningAlgorithm.RS256, accountId, clientId, authTime, nonce, amr, acr, accessToken, sid, extra, ttl);
    }

    /**
     * An OpenID Connect ID token signed with {@code alg} (the client's {@code id_token_signed_response_alg};
     * 503 when that algorithm has no active key), {@code kid}, {@code typ: JWT}: {@code iss}, {@code sub},
     * {@code aud} = {@code azp} = the client id, {@code exp}, {@code iat}, {@code auth_time},
     * {@code nonce} when given, {@code amr}, {@code acr}, {@code at_hash} of {@code accessToken},
     * {@code sid}, and {@code extra} (the profile and e-mail claims the scopes granted).
     */
    public String idToken(SigningAlgorithm alg, UUID accountId, String clientId, Instant authTime, String nonce, List<String> amr,
                          String acr, String accessToken, UUID sid, java.util.Map<String, Object> extra, java.time.Duration ttl) {
        KeyManager.LoadedKey key = keys.signingKey(alg);
        long iat = clock.instant().getEpochSecond();
        var claims = Jwt.issuer(config.issuer())
                .subject(accountId.toString())
                .audience(clientId)
                .issuedAt(iat)
                .expiresAt(iat + ttl.toSeconds())
                .claim("azp", clientId)
                .claim("auth_time", authTime.getEpochSecond())
                .claim("amr", amr)
                .claim("acr", acr);
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        if (accessToken != null) {
            claims.claim("at_hash", leftHalfHash(accessToken));
        }
        if (sid != null) {
            claims.claim("sid", sid.toString());
        }
        extra.forEach(claims::claim);
        return claims.jws().keyId(key.kid()).header("typ", ID_TOKEN_TYPE).algorithm(key.algorithm().smallrye()).sign(key.privateKey());
    }

    /** A back-channel logout token for {@code clientId}, signed with RS256 (see the overload with an algorithm). */
    public String logoutToken(UUID accountId, String clientId, UUID sid) {
        return logoutToken(SigningAlgorithm.RS256, accountId, clientId, sid);
    }

    /**
     * A back-channel logout token for {@code clientId}: {@code sub}, {@code sid}, the logout event, {@code jti}, 2 minutes;
     * signed with {@code alg}, the client's ID-token algorithm (OpenID Connect Back-Channel Logout 1.0, section 2.4).
     */
    public String logoutToken(SigningAlgorithm alg, UUID accountId, String clientId, UUID sid) {
        KeyManager.LoadedKey key = keys.signingKey(alg);
        long iat = clock.instant().getEpochSecond();
        var claims = Jwt.issuer(config.issuer())
                .subject(accountId.toString())
                .audience(clientId)
                .issuedAt(iat)
                .expiresAt(iat + 120)
                .claim("jti", newJti())
                .claim("events", java.util.Map.of("http://schemas.openid.net/event/backchannel-logout", java.util.Map.of()));
        if (sid != null) {
            claims.claim("sid", sid.toString());
        }
        return claims.jws().keyId(key.kid()).header("typ", LOGOUT_TOKEN_TYPE).algorithm(key.algorithm().smallrye()).sign(key.privateKey());
    }

    /** OpenID Connect Core 3.1.3.6: base64url of the left half of SHA-256 of the token's ASCII. */
    static String leftHalfHash(String token) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 128 random bits, URL-safe. */
    private String newJti() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
