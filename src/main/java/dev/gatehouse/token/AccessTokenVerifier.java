package dev.gatehouse.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.keys.KeyManager;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies our access tokens with smallrye-jwt against the keys in memory: RS256 only, a known
 * {@code kid}, {@code typ: at+jwt}, our {@code iss} and {@code aud}, time claims within the leeway.
 * Headers that name other keys ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) are refused
 * outright. Revocation is checked by the caller ({@link RevocationService}).
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");

    private final KeyManager keys;
    private final GatehouseConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final JWTParser parser = new DefaultJWTParser();
    private final int leewaySeconds;
    private final Map<String, CachedContext> contexts = new ConcurrentHashMap<>();

    private record CachedContext(RSAPublicKey key, JWTAuthContextInfo info) {
    }

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
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 < 0 || dot2 == token.length() - 1 || token.indexOf('.', dot2 + 1) >= 0) {
            throw new InvalidTokenException("not a compact JWS");
        }
        JsonNode header = header(token.substring(0, dot1));
        if (!"RS256".equals(text(header, "alg"))) {
            throw new InvalidTokenException("alg is not RS256");
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
        RSAPublicKey key = kid == null ? null : keys.verificationKey(kid);
        if (key == null) {
            throw new InvalidTokenException("unknown kid");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token, context(kid, key));
        } catch (ParseException e) {
            throw new InvalidTokenException("does not verify: " + e.getMessage());
        }
        long now = clock.instant().getEpochSecond();
        if (jwt.getIssuedAtTime() > now + leewaySeconds) {
            throw new InvalidTokenException("issued in the future");
        }
        if (jwt.getSubject() == null || jwt.getTokenID() == null) {
            throw new InvalidTokenException("sub or jti missing");
        }
        return jwt;
    }

    private JWTAuthContextInfo context(String kid, RSAPublicKey key) {
        CachedContext cached = contexts.get(kid);
        if (cached != null && cached.key() == key) {
            return cached.info();
        }
        JWTAuthContextInfo info = new JWTAuthContextInfo(key, config.issuer());
        info.setExpectedAudience(Set.of(config.audience()));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setClockSkew(leewaySeconds);
        info.setExpGracePeriodSecs(0);
        info.setMaxTimeToLiveSecs(config.accessTokenTtl().toSeconds() + leewaySeconds);
        if (contexts.size() > 64) {
            contexts.clear();
        }
        contexts.put(kid, new CachedContext(key, info));
        return info;
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
