package dev.gatehouse.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.oidc.OidcFlows.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stock Java relying party: Nimbus oauth2-oidc-sdk (already on the test classpath through
 * mock-oauth2-server) resolves the discovery document from the issuer alone, sends an
 * authentication request with PKCE S256, state and nonce, checks RFC 9207 {@code iss}, redeems the
 * code with client_secret_basic, validates the ID token against the JWKS (signature, iss, aud,
 * exp, nonce) and its {@code at_hash}, calls UserInfo, refreshes and logs out.
 */
@QuarkusTest
class NimbusRelyingPartyTest {

    static final String ISSUER = "http://localhost:8081";

    @TestHTTPResource("/")
    URL root;

    @Test
    void nimbusWhenConfidentialClientThenWholeFlowValidates() throws Exception {
        Client client = register("CONFIDENTIAL", List.of("https://rp.example.com/cb"), true,
                Map.of("postLogoutRedirectUris", List.of("https://rp.example.com/bye")));
        OIDCProviderMetadata op = OIDCProviderMetadata.resolve(new Issuer(ISSUER));
        ClientID clientId = new ClientID(client.id());
        URI callback = URI.create(client.redirectUri());
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest request = new AuthenticationRequest.Builder(new ResponseType("code"), new Scope("openid", "email", "profile"),
                clientId, callback).endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();

        HttpBrowser b = signedInBrowser(root.toString().replaceAll("/$", ""));
        HttpResponse<String> r = b.get(request.toURI().toString());
        assertEquals(303, r.statusCode(), r.body());
        AuthorizationSuccessResponse success = AuthorizationResponse.parse(URI.create(HttpBrowser.location(r))).toSuccessResponse();
        assertEquals(state, success.getState());
        assertEquals(op.getIssuer(), success.getIssuer());

        ClientSecretBasic auth = new ClientSecretBasic(clientId, new Secret(client.secret()));
        TokenResponse answer = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), auth,
                new AuthorizationCodeGrant(success.getAuthorizationCode(), callback, verifier)).toHTTPRequest().send());
        assertTrue(answer.indicatesSuccess(), answer.toString());
        OIDCTokens tokens = ((OIDCTokenResponse) answer.toSuccessResponse()).getOIDCTokens();

        IDTokenValidator validator = new IDTokenValidator(op.getIssuer(), clientId, JWSAlgorithm.RS256, op.getJWKSetURI().toURL());
        IDTokenClaimsSet claims = validator.validate(tokens.getIDToken(), nonce);
        AccessToken access = tokens.getAccessToken();
        AccessTokenValidator.validate(access, JWSAlgorithm.RS256, claims.getAccessTokenHash());
        assertEquals(List.of(clientId.getValue()), claims.getAudience().stream().map(Object::toString).toList());

        UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
                .toHTTPRequest().send());
        assertTrue(info.indicatesSuccess());
        assertEquals(claims.getSubject(), info.toSuccessResponse().getUserInfo().getSubject());

        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), auth,
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send());
        assertTrue(refreshed.indicatesSuccess(), refreshed.toString());
        assertNotEquals(tokens.getRefreshToken(), refreshed.toSuccessResponse().getTokens().getRefreshToken());

        URI logout = new LogoutRequest(op.getEndSessionEndpointURI(), tokens.getIDToken(), URI.create("https://rp.example.com/bye"),
                new State("bye")).toURI();
        HttpResponse<String> out = b.get(logout.toString());
        assertEquals(303, out.statusCode());
        assertEquals("https://rp.example.com/bye?state=bye", HttpBrowser.location(out));
    }
}
