package dev.gatehouse.apikey;

import dev.gatehouse.common.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deny by default: an identity that came in with an API key (directly, or through an access token
 * exchanged for a key: {@code amr} holds {@code api_key}) gets 403 on every endpoint whose method
 * or class is not marked {@link ApiKeyAllowed}. So no key can change a password, MFA, keys,
 * identities or anything under {@code /admin}, and an endpoint added later is closed to keys
 * until someone opens it on purpose. The same filter refuses machine tokens (client credentials:
 * {@code sub} is a client id, not an account) on every endpoint: none of ours serves a machine;
 * and a person's token issued to an OpenID Provider client (it carries {@code client_id}) on every
 * endpoint not marked {@link dev.gatehouse.common.ClientTokenAllowed} (only UserInfo).
 * A failed authentication is left to the endpoint's own check (401 where it needs one).
 */
@ApplicationScoped
public class ApiKeyGuard {

    private final CurrentIdentityAssociation identities;
    private final Map<Method, Boolean> allowed = new ConcurrentHashMap<>();
    private final Map<Method, Boolean> clientAllowed = new ConcurrentHashMap<>();

    public ApiKeyGuard(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> guard(ResourceInfo resource, HttpServerRequest request) {
        Method method = resource.getResourceMethod();
        // Keys and bearer tokens come only in these headers: other requests (cookies, social
        // sign-in, anonymous) are not authenticated early here.
        if (method == null || (request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getHeader(ApiKeyMechanism.HEADER) == null)) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .map(identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        return null;
                    }
                    if (isMachine(identity)) {
                        return refuse("machine-token-not-allowed", "A client-credentials token does not act for an account here.");
                    }
                    if (isClientToken(identity) && !clientAllowed.computeIfAbsent(method, ApiKeyGuard::openToClients)) {
                        return refuse("client-token-not-allowed", "A token issued to a client is for that client's APIs and"
                                + " UserInfo; the account's own endpoints need the account's own sign-in.");
                    }
                    if (ApiKeyIdentity.isKey(identity) && !allowed.computeIfAbsent(method, ApiKeyGuard::marked)) {
                        return refuse("api-key-not-allowed", "An API key (or a token obtained with one) cannot do this; sign in instead.");
                    }
                    return null;
                });
    }

    private static boolean marked(Method method) {
        return method.isAnnotationPresent(ApiKeyAllowed.class) || method.getDeclaringClass().isAnnotationPresent(ApiKeyAllowed.class);
    }

    private static boolean openToClients(Method method) {
        return method.isAnnotationPresent(dev.gatehouse.common.ClientTokenAllowed.class)
                || method.getDeclaringClass().isAnnotationPresent(dev.gatehouse.common.ClientTokenAllowed.class);
    }

    /** An access token issued to an OpenID Provider client for a person (it names the client). */
    static boolean isClientToken(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("client_id") != null;
    }

    /** A token whose subject is not an account (client credentials: {@code sub} = {@code client_id}). */
    static boolean isMachine(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
            return false;
        }
        try {
            UUID.fromString(jwt.getSubject());
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static Response refuse(String slug, String detail) {
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(Problem.of(403, slug, "Forbidden", detail)).build();
    }
}
