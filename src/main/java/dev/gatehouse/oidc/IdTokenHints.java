package dev.gatehouse.oidc;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.keys.KeyManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.util.Optional;

/**
 * Reads an {@code id_token_hint} (RP-initiated logout): an ID token we signed (known {@code kid},
 * the header's {@code alg} that key's own algorithm, {@code typ: JWT}, our {@code iss}); an expired one is still a good hint (OpenID
 * Connect RP-Initiated Logout 1.0, section 2). Anything else is no hint.
 */
@ApplicationScoped
public class IdTokenHints {

    /** What a hint says. */
    public record Hint(String subject, String clientId, String sid) {
    }

    private final KeyManager keys;
    private final GatehouseConfig config;

    public IdTokenHints(KeyManager keys, GatehouseConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public Optional<Hint> read(String token) {
        if (token == null || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(token);
            if (!"JWT".equals(jws.getHeader("typ")) || jws.getKeyIdHeaderValue() == null) {
                return Optional.empty();
            }
            KeyManager.LoadedKey key = keys.publishedKey(jws.getKeyIdHeaderValue());
            // The key decides the algorithm; the header may only repeat it.
            if (key == null || !key.algorithm().jose().equals(jws.getAlgorithmHeaderValue())) {
                return Optional.empty();
            }
            JwtClaims claims = new JwtConsumerBuilder()
                    .setVerificationKey(key.publicKey())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, key.algorithm().jose4j())
                    .setExpectedIssuer(config.issuer())
                    .setSkipDefaultAudienceValidation()
                    .setRequireSubject()
                    .setSkipAllDefaultValidators()
                    .build()
                    .processToClaims(token);
            if (!config.issuer().equals(claims.getIssuer()) || claims.getAudience().size() != 1) {
                return Optional.empty();
            }
            Object sid = claims.getClaimValue("sid");
            return Optional.of(new Hint(claims.getSubject(), claims.getAudience().get(0), sid == null ? null : sid.toString()));
        } catch (Exception e) {
            // Never a hint: bad format, signature, issuer (jose4j's messages quote the token: not logged).
            return Optional.empty();
        }
    }
}
