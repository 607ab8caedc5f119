package dev.gatehouse.social;

import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.util.List;
import java.util.Map;

/**
 * Who the Google stand-in signs in next. A setting rather than mock-oauth2-server's callback queue,
 * so a test whose flow never reaches the token endpoint leaves nothing behind for the next test.
 */
public class CurrentGoogleUser implements OAuth2TokenCallback {

    static volatile String subject = "nobody";
    static volatile Map<String, Object> claims = Map.of();

    @Override
    public String issuerId() {
        return "google";
    }

    @Override
    public String subject(TokenRequest request) {
        return subject;
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
        return List.of(SocialStandIns.GOOGLE_CLIENT_ID);
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return 3600;
    }
}
