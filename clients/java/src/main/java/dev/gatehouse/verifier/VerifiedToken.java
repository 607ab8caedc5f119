package dev.gatehouse.verifier;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.util.List;
import java.util.Set;

/**
 * The claims of an accepted access token. For a person: {@code sub} is the account id and
 * {@code sid} the session; for a machine client (client credentials): {@code sub} is the client id,
 * {@code client_id} is set and there is no {@code sid}.
 */
public final class VerifiedToken {

    private final JwtClaims claims;

    VerifiedToken(JwtClaims claims) {
        this.claims = claims;
    }

    public String subject() {
        return string("sub");
    }

    public String jwtId() {
        return string("jti");
    }

    /** The client the token was issued to, or null. */
    public String clientId() {
        return string("client_id");
    }

    /** The session id, or null (client-credentials tokens have none). */
    public String sessionId() {
        return string("sid");
    }

    /** Roles ({@code groups}); empty when absent. */
    public Set<String> groups() {
        return Set.copyOf(list("groups"));
    }

    /** Scopes ({@code scope}, space separated); empty when absent. */
    public Set<String> scopes() {
        String scope = string("scope");
        return scope == null || scope.isBlank() ? Set.of() : Set.of(scope.trim().split("\\s+"));
    }

    public long issuedAt() {
        return number("iat");
    }

    public long expiresAt() {
        return number("exp");
    }

    /** Every claim, as jose4j parsed them. */
    public JwtClaims claims() {
        return claims;
    }

    private String string(String name) {
        Object v = claims.getClaimValue(name);
        return v instanceof String s ? s : null;
    }

    private long number(String name) {
        Object v = claims.getClaimValue(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private List<String> list(String name) {
        try {
            return claims.hasClaim(name) ? claims.getStringListClaimValue(name) : List.of();
        } catch (MalformedClaimException e) {
            return List.of();
        }
    }
}
