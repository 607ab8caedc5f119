package dev.gatehouse.oidc;

import dev.gatehouse.client.ClientAuthenticator;
import dev.gatehouse.client.ClientService;
import dev.gatehouse.client.OAuthClient;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.session.SessionService;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.TokenGrant;
import dev.gatehouse.token.TokenRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code grant_type=refresh_token} at {@code /oauth2/token}: the rotating families of
 * {@link RefreshTokenService}, bound to the client they were issued to (a family of another
 * client, or one of Gatehouse's own sessions, is {@code invalid_grant}). No new ID token: OpenID
 * Connect makes it optional, and clients keep the one from the code exchange.
 */
@ApplicationScoped
public class RefreshTokenGrant implements TokenGrant {

    private final ClientAuthenticator authenticator;
    private final SessionService sessions;

    public RefreshTokenGrant(ClientAuthenticator authenticator, SessionService sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    @Override
    public Map<String, Object> grant(TokenRequest request) {
        ClientService.Allowed client = authenticator.authenticateUserClient(request);
        if (OAuthClient.TYPE_MACHINE.equals(client.type())) {
            throw new OAuthErrorException(400, "unauthorized_client", "This client may not use the refresh_token grant.");
        }
        RefreshTokenService.Issued issued = sessions.refresh(request.required("refresh_token"), client.clientId(), request.client());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.response().accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", issued.response().expiresIn());
        body.put("refresh_token", issued.response().refreshToken());
        body.put("scope", issued.response().scope());
        return body;
    }
}
