package dev.gatehouse.client;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.DependencyUnavailableException;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.protection.RateLimiter;
import dev.gatehouse.token.ServiceClients;
import dev.gatehouse.token.TokenRequest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Authenticates a client at the token endpoint: HTTP Basic ({@code client_secret_basic}),
 * {@code client_id} + {@code client_secret} in the form ({@code client_secret_post}), or a signed
 * assertion ({@code private_key_jwt}, RFC 7523: {@code iss} = {@code sub} = the client id,
 * {@code aud} the token endpoint URL or the issuer, {@code exp} required and at most
 * {@code gatehouse.client.assertion-max-lifetime} away, {@code jti} used once, RS256/PS256/ES256
 * with a registered key). Exactly one method per request. Failures answer 401
 * {@code invalid_client}, are audited (the client id only when it is a registered or configured
 * one; never a secret or an assertion) and counted per address and per client, 429 past the
 * limits. A replay store that cannot answer fails closed with 503.
 */
@ApplicationScoped
public class ClientAuthenticator {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder()
            .setSkipAllValidators().setSkipSignatureVerification().setDisableRequireSignature().build();

    private final ClientService clients;
    private final ServiceClients serviceClients;
    private final AssertionReplayStore replays;
    private final RateLimiter limiter;
    private final ClientConfig config;
    private final dev.gatehouse.protection.ProtectionConfig protection;
    private final GatehouseConfig gatehouse;
    private final AuditLog audit;
    private final Clock clock;
    private final MeterRegistry registry;

    public ClientAuthenticator(ClientService clients, ServiceClients serviceClients, AssertionReplayStore replays, RateLimiter limiter,
                               ClientConfig config, GatehouseConfig gatehouse, AuditLog audit, Clock clock, MeterRegistry registry,
                               dev.gatehouse.protection.ProtectionConfig protection) {
        this.protection = protection;
        this.clients = clients;
        this.serviceClients = serviceClients;
        this.replays = replays;
        this.limiter = limiter;
        this.config = config;
        this.gatehouse = gatehouse;
        this.audit = audit;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * For the grants of clients that sign people in ({@code authorization_code},
     * {@code refresh_token}): a PUBLIC client is identified by {@code client_id} alone
     * (authentication method {@code none}; PKCE binds its codes), every other client authenticates
     * as in {@link #authenticate}.
     */
    public ClientService.Allowed authenticateUserClient(TokenRequest request) {
        String postId = request.param("client_id");
        boolean noCredentials = request.authorization() == null && request.param("client_secret") == null
                && request.param("client_assertion") == null;
        if (noCredentials && postId != null) {
            Optional<OAuthClient> found = clients.find(postId);
            if (found.isPresent() && OAuthClient.TYPE_PUBLIC.equals(found.get().type)
                    && OAuthClient.AUTH_NONE.equals(found.get().authMethod)) {
                if (!found.get().enabled) {
                    throw failure(request, postId, "disabled");
                }
                return clients.allowed(found.get());
            }
        }
        return authenticate(request);
    }

    /** The authenticated client and what it may ask for; throws the RFC 6749 error otherwise. */
    public ClientService.Allowed authenticate(TokenRequest request) {
        String[] basic = basic(request.authorization());
        String postId = request.param("client_id");
        String postSecret = request.param("client_secret");
        String assertion = request.param("client_assertion");
        String assertionType = request.param("client_assertion_type");
        int methods = (basic != null ? 1 : 0) + (postSecret != null ? 1 : 0) + (assertion != null ? 1 : 0);
        if (methods > 1) {
            throw new OAuthErrorException(400, "invalid_request", "Use exactly one client authentication method.");
        }
        if (methods == 0) {
            throw failure(request, null, "no client authentication");
        }
        if (assertion != null) {
            return byAssertion(request, postId, assertion, assertionType);
        }
        String id = basic != null ? basic[0] : postId;
        String secret = basic != null ? basic[1] : postSecret;
        if (basic != null && postId != null && !postId.equals(id)) {
            throw new OAuthErrorException(400, "invalid_request", "client_id does not match the Basic credentials.");
        }
        if (id == null) {
            throw failure(request, null, "no client_id");
        }
        // Past a failure limit nothing is checked at all: a right guess must not get through either.
        refuseWhileBlocked(request, id);
        if (serviceClients.ids().contains(id)) {
            // The service clients of GATEHOUSE_TOKEN_SERVICE_CLIENTS read the feed and introspect;
            // they get no tokens here (every resource server holds one: a token for it would be a
            // token every other service accepts). Answered like an unknown client, secret unchecked.
            ClientService.hash(secret == null ? "" : secret);
            throw failure(request, null, "configured service client (not for the token endpoint)");
        }
        Optional<OAuthClient> found = clients.find(id);
        if (found.isEmpty()) {
            // The same work as a known client, so timing does not tell which ids exist.
            ClientService.hash(secret);
            throw failure(request, null, "unknown client");
        }
        OAuthClient c = found.get();
        if (!OAuthClient.AUTH_SECRET.equals(c.authMethod) || !clients.secretMatches(c, secret)) {
            throw failure(request, c.id, "wrong secret");
        }
        if (!c.enabled) {
            throw failure(request, c.id, "disabled");
        }
        return clients.allowed(c);
    }

    private ClientService.Allowed byAssertion(TokenRequest request, String postId, String assertion, String assertionType) {
        if (!ASSERTION_TYPE.equals(assertionType)) {
            throw new OAuthErrorException(400, "invalid_request", "client_assertion_type must be " + ASSERTION_TYPE + ".");
        }
        String id;
        try {
            JwtClaims unverified = UNVERIFIED.processToClaims(assertion);
            id = unverified.getSubject();
        } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
            throw failure(request, null, "assertion does not parse");
        }
        if (postId != null && !postId.equals(id)) {
            throw failure(request, null, "client_id does not match the assertion");
        }
        refuseWhileBlocked(request, id);
        Optional<OAuthClient> found = clients.find(id);
        if (found.isEmpty() || !OAuthClient.AUTH_PRIVATE_KEY_JWT.equals(found.get().authMethod) || found.get().jwks == null) {
            throw failure(request, null, "unknown client");
        }
        OAuthClient c = found.get();
        JwtClaims claims;
        try {
            int skew = 30;
            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(c.jwks).getJsonWebKeys()))
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256,
                            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setExpectedIssuer(c.id)
                    .setExpectedSubject(c.id)
                    .setExpectedAudience(gatehouse.issuer() + "/oauth2/token", gatehouse.issuer())
                    .setRequireExpirationTime()
                    .setRequireJwtId()
                    .setMaxFutureValidityInMinutes((int) Math.max(1, (config.assertionMaxLifetime().toSeconds() + 59) / 60))
                    .setAllowedClockSkewInSeconds(skew)
                    .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                    .build();
            claims = consumer.processToClaims(assertion);
        } catch (InvalidJwtException | JoseException e) {
            // jose4j's messages quote the assertion: never let them reach a log or an answer.
            throw failure(request, c.id, "assertion refused (signature, iss/sub, aud, exp or lifetime)");
        }
        if (!c.enabled) {
            throw failure(request, c.id, "disabled");
        }
        long ttl;
        String jti;
        try {
            ttl = claims.getExpirationTime().getValue() - clock.instant().getEpochSecond() + 60;
            jti = claims.getJwtId();
        } catch (MalformedClaimException e) {
            throw failure(request, c.id, "assertion claims malformed");
        }
        boolean first;
        try {
            first = replays.firstUse(c.id, jti, ttl);
        } catch (DependencyUnavailableException e) {
            throw new OAuthErrorException(503, "temporarily_unavailable", "Try again shortly.", 5);
        }
        if (!first) {
            throw failure(request, c.id, "assertion replayed (jti used before)");
        }
        return clients.allowed(c);
    }

    /** Until when an address ("a:…") or a client id ("c:…") is over its failure limit (learned from the shared counters). */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> blockedUntil = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * 429 without checking anything when this address is over its failure limit, or when this
     * client id is and this address failed recently (so nobody can lock a client out from
     * elsewhere by failing with its id on purpose).
     */
    private void refuseWhileBlocked(TokenRequest request, String id) {
        long now = System.currentTimeMillis();
        String address = request.client() == null ? "-" : request.client().limitKey();
        long until = blockedUntil.getOrDefault("a:" + address, 0L);
        // "Failed recently" is per full address: a neighbour in a shared /64 cannot block our client.
        String exact = request.client() == null || request.client().address() == null ? "-" : request.client().address();
        if (id != null && blockedUntil.getOrDefault("f:" + exact, 0L) > now) {
            until = Math.max(until, blockedUntil.getOrDefault("c:" + id, 0L));
        }
        if (until > now) {
            long seconds = Math.max(1, (until - now + 999) / 1000);
            throw new OAuthErrorException(429, "temporarily_unavailable",
                    "Too many failed client authentications. Try again in " + seconds + " seconds.", seconds);
        }
        if (blockedUntil.size() > 100_000) {
            blockedUntil.values().removeIf(t -> t <= now);
        }
    }

    /** Audits and counts a failed authentication; the error to answer (401, or 429 past a limit). */
    OAuthErrorException failure(TokenRequest request, String knownId, String reason) {
        ClientInfo client = request.client();
        registry.counter("gatehouse.client_credentials", "outcome", "invalid_client").increment();
        audit.record(AuditEventType.CLIENT_CREDENTIALS_ERROR, null, client,
                (knownId == null ? "unknown or unnamed client" : "client " + knownId) + ": " + reason);
        String address = client == null ? "-" : client.limitKey();
        long now = System.currentTimeMillis();
        blockedUntil.merge("f:" + (client == null || client.address() == null ? "-" : client.address()),
                now + protection.window().toMillis(), Math::max);
        try {
            limiter.require("client-token-fail-address", address, config.failuresPerAddress());
        } catch (RateLimitedException e) {
            blockedUntil.merge("a:" + address, now + e.retryAfterSeconds() * 1000, Math::max);
            return new OAuthErrorException(429, "temporarily_unavailable",
                    "Too many failed client authentications. Try again in " + e.retryAfterSeconds() + " seconds.", e.retryAfterSeconds());
        }
        if (knownId != null) {
            try {
                limiter.require("client-token-fail-client", knownId, config.failuresPerClient());
            } catch (RateLimitedException e) {
                blockedUntil.merge("c:" + knownId, now + e.retryAfterSeconds() * 1000, Math::max);
                return new OAuthErrorException(429, "temporarily_unavailable",
                        "Too many failed client authentications. Try again in " + e.retryAfterSeconds() + " seconds.", e.retryAfterSeconds());
            }
        }
        return new OAuthErrorException(401, "invalid_client", "Client authentication failed.");
    }

    /** {id, secret} of a Basic header (each form-urlencoded, RFC 6749 section 2.3.1), or null. */
    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return new String[] {"", ""};
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return new String[] {"", ""};
        }
    }
}
