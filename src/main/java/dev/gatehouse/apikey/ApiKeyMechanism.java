package dev.gatehouse.apikey;

import dev.gatehouse.common.ClientInfo;
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
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;

import java.util.List;
import java.util.Set;

/**
 * Authenticates API keys sent as {@code Authorization: Bearer gk_…} or {@code X-API-Key: gk_…}.
 * Runs before the access-token mechanism and leaves every other bearer value to it. The format
 * (prefix, length, alphabet, CRC32) is checked on the event loop, so a mistyped or made-up key is
 * refused without any database work; a well-formed key is then checked on a worker thread
 * ({@link ApiKeyService#verify}). The identity's principal is a {@code JsonWebToken} view with
 * {@code sub} = the owner, {@code amr} = {@code ["api_key"]}, the key's {@code scope} and the
 * roles the owner has now within the key's scopes; {@link ApiKeyGuard} keeps it away from every
 * endpoint not marked {@link ApiKeyAllowed}.
 */
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(ApiKeyMechanism.class);
    public static final String HEADER = "X-API-Key";
    private static final String SCHEME = "bearer ";
    /** The {@code typ} of the principal's claims view: not a token, nothing can mistake it for one. */
    private static final String PRINCIPAL_TYPE = "api_key";

    private final ApiKeyService keys;

    public ApiKeyMechanism(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        if (!ApiKeyFormat.wellFormed(key)) {
            keys.refused(ApiKeyService.Refusal.MALFORMED, null, null, null);
            LOG.debug("API key refused: malformed (prefix, length or checksum)");
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        ClientInfo client = ClientInfo.of(context.request());
        return Uni.createFrom().item(() -> keys.verify(key, client))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(ApiKeyService.KeyRefusedException.class).transform(e -> {
                    LOG.debugf("%s", e.getMessage());
                    return new AuthenticationFailedException();
                })
                .map(ApiKeyMechanism::identity);
    }

    /** The key from either header, or null when neither carries one. A bearer value not starting with {@code gk_} is not ours. */
    static String presentedKey(RoutingContext context) {
        String apiKey = context.request().getHeader(HEADER);
        if (apiKey != null) {
            return apiKey.trim();
        }
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String value = header.substring(SCHEME.length()).trim();
        return ApiKeyFormat.claimsToBeKey(value) ? value : null;
    }

    static SecurityIdentity identity(ApiKeyService.Verified key) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(key.accountId().toString());
        claims.setStringListClaim("amr", ApiKeyIdentity.AMR);
        claims.setStringClaim("scope", String.join(" ", key.scopes()));
        claims.setStringListClaim("groups", List.copyOf(key.roles()));
        claims.setStringClaim("api_key_id", key.keyId().toString());
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new DefaultJWTCallerPrincipal("", PRINCIPAL_TYPE, claims))
                .addRoles(key.roles())
                .addAttribute(ApiKeyIdentity.AMR_ATTRIBUTE, List.of(ApiKeyIdentity.AMR))
                .addAttribute(ApiKeyIdentity.KEY_ID_ATTRIBUTE, key.keyId().toString())
                .build();
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
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }

    /** Before {@code BearerTokenMechanism} (3000), which would refuse a key as a malformed token. */
    @Override
    public int getPriority() {
        return 3100;
    }
}
