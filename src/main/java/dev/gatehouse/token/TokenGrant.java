package dev.gatehouse.token;

import java.util.Map;

/**
 * One grant type of {@code POST /oauth2/token} ({@link TokenEndpointResource}). Each is a CDI bean
 * in the package that owns it; the endpoint dispatches on {@code grant_type}, so a new grant is a
 * new bean and nothing else changes. Failures throw {@link dev.gatehouse.common.OAuthErrorException}
 * (RFC 6749 section 5.2 shape). Called on a worker thread.
 */
public interface TokenGrant {

    /** The {@code grant_type} value this bean answers, such as {@code client_credentials}. */
    String grantType();

    /** The token response body (RFC 6749 section 5.1; RFC 8693 section 2.2.1 for token exchange). */
    Map<String, Object> grant(TokenRequest request);
}
