package dev.gatehouse.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.keys.KeyManager;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Access tokens are signed with jose4j directly (no smallrye-jwt-build on the hot path): the header
 * and the claims are exactly those smallrye-jwt-build wrote for the same values, and the token
 * verifies as before.
 */
@QuarkusTest
class TokenIssuerSigningTest {

    @Inject
    TokenIssuer issuer;
    @Inject
    KeyManager keys;
    @Inject
    AccessTokenVerifier verifier;
    @Inject
    ObjectMapper json;

    @Test
    void issueWhenSessionTokenThenSameHeaderAndClaimsAsSmallryeJwtBuildAndVerifies() throws Exception {
        UUID account = UUID.randomUUID();
        UUID sid = UUID.randomUUID();
        Set<String> roles = new LinkedHashSet<>(List.of("user", "admin"));
        TokenIssuer.AccessToken t = issuer.issue(account, roles, "openid profile", List.of("pwd", "otp"), sid, "client-1");
        Map<String, Object> claims = part(t.token(), 1);
        KeyManager.LoadedKey key = keys.accessTokenKey();
        String before = Jwt.issuer((String) claims.get("iss")).subject(account.toString()).audience((String) claims.get("aud"))
                .issuedAt(((Number) claims.get("iat")).longValue()).expiresAt(((Number) claims.get("exp")).longValue())
                .claim("jti", t.jti()).claim("scope", "openid profile").groups(roles).claim("amr", List.of("pwd", "otp"))
                .claim("sid", sid.toString()).claim("client_id", "client-1")
                .jws().keyId(key.kid()).header("typ", TokenIssuer.ACCESS_TOKEN_TYPE).algorithm(key.algorithm().smallrye())
                .sign(key.privateKey());
        assertEquals(part(before, 0), part(t.token(), 0));
        assertEquals(part(before, 1), claims);
        assertEquals(List.of("kid", "typ", "alg").stream().sorted().toList(), part(t.token(), 0).keySet().stream().sorted().toList());
        assertEquals(account.toString(), verifier.verify(t.token()).getSubject());
    }

    @Test
    void issueWhenGrantTokenThenSameHeaderAndClaimsAsSmallryeJwtBuild() throws Exception {
        TokenIssuer.AccessToken t = issuer.issue("svc-client", Set.of(), "read", List.of(), List.of("https://a.example", "https://b.example"),
                "svc-client", Duration.ofMinutes(5));
        Map<String, Object> claims = part(t.token(), 1);
        KeyManager.LoadedKey key = keys.accessTokenKey();
        String before = Jwt.issuer((String) claims.get("iss")).subject("svc-client")
                .audience(new LinkedHashSet<>(List.of("https://a.example", "https://b.example")))
                .issuedAt(((Number) claims.get("iat")).longValue()).expiresAt(((Number) claims.get("exp")).longValue())
                .claim("jti", t.jti()).claim("scope", "read").claim("client_id", "svc-client")
                .jws().keyId(key.kid()).header("typ", TokenIssuer.ACCESS_TOKEN_TYPE).algorithm(key.algorithm().smallrye())
                .sign(key.privateKey());
        assertEquals(part(before, 0), part(t.token(), 0));
        assertEquals(part(before, 1), claims);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> part(String token, int i) throws Exception {
        return json.readValue(new String(Base64.getUrlDecoder().decode(token.split("\\.")[i]), StandardCharsets.UTF_8), Map.class);
    }
}
