package dev.gatehouse.oidc;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.account.AccountView;
import dev.gatehouse.common.ProblemMapper;
import dev.gatehouse.token.AccessTokenVerifier;
import dev.gatehouse.token.InvalidTokenException;
import dev.gatehouse.token.RevocationService;
import dev.gatehouse.token.TokenRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * OpenID Connect UserInfo ({@code GET/POST /oauth2/userinfo}): the bearer access token in the
 * {@code Authorization} header, or {@code access_token} in a form body (RFC 6750 2.2), never both.
 * Only a user's access token with scope {@code openid} gets an answer; an API key, a token
 * exchanged for one, and a machine (client-credentials) token are refused with 403 (the same rule
 * as {@code ApiKeyGuard} everywhere else). The claims follow the token's scopes: {@code sub}
 * always, {@code email} and {@code email_verified} with {@code email}, {@code name} with
 * {@code profile}.
 */
@Path("/oauth2/userinfo")
@Tag(name = "OpenID Provider")
@dev.gatehouse.common.ClientTokenAllowed
public class UserInfoResource {

    private final AccessTokenVerifier verifier;
    private final RevocationService revocations;
    private final AccountService accounts;

    public UserInfoResource(AccessTokenVerifier verifier, RevocationService revocations, AccountService accounts) {
        this.verifier = verifier;
        this.revocations = revocations;
        this.accounts = accounts;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "UserInfo: the signed-in person's claims for a user access token with scope openid")
    public Response get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(bearer(authorization));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "UserInfo, with the token in the header or as access_token in the form")
    public Response post(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String inForm = new TokenRequest(TokenRequest.parseForm(body), null, null).param("access_token");
        String inHeader = bearer(authorization);
        if (inForm != null && inHeader != null) {
            return error(400, "invalid_request", "Send the access token once: in the header or in the form.");
        }
        return answer(inHeader != null ? inHeader : inForm);
    }

    private Response answer(String token) {
        if (token == null) {
            return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, ProblemMapper.BEARER_CHALLENGE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        JsonWebToken jwt;
        try {
            jwt = verifier.verify(token);
        } catch (InvalidTokenException e) {
            return error(401, "invalid_token", "The access token is invalid.");
        }
        boolean revoked = revocations.isRevoked(jwt.getTokenID(), jwt.getSubject(), jwt.getIssuedAtTime())
                .await().atMost(Duration.ofSeconds(10));
        if (revoked) {
            return error(401, "invalid_token", "The access token is invalid.");
        }
        UUID accountId;
        try {
            accountId = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            return error(403, "insufficient_scope", "A client-credentials token does not stand for a person.");
        }
        Object amr = jwt.getClaim("amr");
        if (amr != null && amr.toString().contains("api_key")) {
            return error(403, "insufficient_scope", "A token obtained with an API key gets no UserInfo; sign in instead.");
        }
        String scope = jwt.getClaim("scope") == null ? "" : jwt.getClaim("scope").toString();
        Set<String> scopes = Set.of(scope.split(" "));
        if (!scopes.contains("openid")) {
            return error(403, "insufficient_scope", "The access token lacks scope openid.");
        }
        AccountView view = QuarkusTransaction.requiringNew().call(() -> accounts.view(accountId).orElse(null));
        if (view == null || !view.active()) {
            return error(401, "invalid_token", "The access token is invalid.");
        }
        return Response.ok(claims(view, scopes)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The claims the scopes release (also the extra claims of ID tokens). */
    static Map<String, Object> claims(AccountView view, Set<String> scopes) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", view.id().toString());
        if (scopes.contains("email") && view.email() != null) {
            c.put("email", view.email());
            c.put("email_verified", view.emailVerified());
        }
        if (scopes.contains("profile") && view.displayName() != null) {
            c.put("name", view.displayName());
        }
        return c;
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static Response error(int status, String error, String description) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (status == 401 || status == 403) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error + "\"");
        }
        return r.build();
    }
}
