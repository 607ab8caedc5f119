package dev.gatehouse.token;

import dev.gatehouse.common.ProblemMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Authenticates {@code Authorization: Bearer} access tokens on the event loop: signature and claims
 * in memory ({@link AccessTokenVerifier}), then one revocation round trip ({@link RevocationService}).
 * A store that cannot answer fails the request with 503, never "not revoked".
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(BearerTokenMechanism.class);
    private static final String SCHEME = "bearer ";

    private final AccessTokenVerifier verifier;
    private final RevocationService revocations;

    public BearerTokenMechanism(AccessTokenVerifier verifier, RevocationService revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Uni.createFrom().nullItem();
        }
        JsonWebToken jwt;
        try {
            jwt = verifier.verify(header.substring(SCHEME.length()).trim());
        } catch (InvalidTokenException e) {
            LOG.debugf("Bearer token refused: %s", e.getMessage());
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return revocations.isRevoked(jwt.getTokenID(), jwt.getSubject(), jwt.getIssuedAtTime()).map(revoked -> {
            if (revoked) {
                throw new AuthenticationFailedException();
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(jwt)
                    .addRoles(jwt.getGroups())
                    .build();
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, ProblemMapper.BEARER_CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    @Override
    public int getPriority() {
        return 3000;
    }
}
