package dev.gatehouse.verifier.jaxrs;

import dev.gatehouse.verifier.GatehouseVerifier;
import dev.gatehouse.verifier.TokenRejectedException;
import dev.gatehouse.verifier.VerifiedToken;
import dev.gatehouse.verifier.VerifierSettings;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.security.Principal;

/**
 * JAX-RS filter: a request with {@code Authorization: Bearer} gets a {@link SecurityContext} whose
 * principal is the token's {@code sub} and whose roles are its {@code groups} (so
 * {@code @RolesAllowed} reads them), or is answered 401 ({@code WWW-Authenticate: Bearer
 * error="invalid_token"}) for a bad or revoked token and 503 while revocations are unknown. A request
 * without a bearer token passes on anonymous. The verified token is the request property
 * {@value #TOKEN_PROPERTY}.
 *
 * <p>Discovered automatically where the container scans this jar (it carries {@code META-INF/beans.xml});
 * the no-argument constructor reads {@link VerifierSettings#fromConfig()} and starts polling (bearer
 * requests get 503 until the first feed read). Pre-matching, so it runs before the container's own
 * role checks.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class GatehouseAuthFilter implements ContainerRequestFilter {

    public static final String TOKEN_PROPERTY = "dev.gatehouse.verifier.token";

    private final GatehouseVerifier verifier;

    public GatehouseAuthFilter() {
        this(VerifierSettings.fromConfig().build().start());
    }

    /** The verifier behind this filter (for its {@link GatehouseVerifier#stats()}). */
    public GatehouseVerifier verifier() {
        return verifier;
    }

    public GatehouseAuthFilter(GatehouseVerifier verifier) {
        this.verifier = verifier;
    }

    /** What to do with one request: pass on anonymous, pass on as {@code token}, or answer {@code status}. */
    record Outcome(VerifiedToken token, int status, String challenge, String body) {
    }

    static Outcome decide(GatehouseVerifier verifier, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Outcome(null, 0, null, null);
        }
        try {
            return new Outcome(verifier.verify(authorization.substring(7).trim()), 0, null, null);
        } catch (TokenRejectedException e) {
            if (e.reason() == TokenRejectedException.Reason.UNAVAILABLE) {
                return new Outcome(null, 503, null,
                        "{\"error\":\"temporarily_unavailable\",\"error_description\":\"" + e.getMessage() + "\"}");
            }
            return new Outcome(null, 401, "Bearer error=\"invalid_token\"", "{\"error\":\"invalid_token\"}");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Outcome o = decide(verifier, request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (o.status() != 0) {
            Response.ResponseBuilder r = Response.status(o.status()).type(MediaType.APPLICATION_JSON).entity(o.body());
            if (o.challenge() != null) {
                r.header(HttpHeaders.WWW_AUTHENTICATE, o.challenge());
            } else {
                r.header("Retry-After", "5");
            }
            request.abortWith(r.build());
            return;
        }
        if (o.token() == null) {
            return;
        }
        VerifiedToken token = o.token();
        request.setProperty(TOKEN_PROPERTY, token);
        request.setSecurityContext(securityContext(token, request.getSecurityContext() != null && request.getSecurityContext().isSecure()));
    }

    static SecurityContext securityContext(VerifiedToken token, boolean secure) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return token::subject;
            }

            @Override
            public boolean isUserInRole(String role) {
                return token.groups().contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        };
    }
}
