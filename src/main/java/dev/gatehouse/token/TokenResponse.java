package dev.gatehouse.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749 section 5.1 token response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("scope") String scope) {

    /** The same answer without the refresh token, for browser sessions where it lives in the cookie. */
    public TokenResponse withoutRefreshToken() {
        return new TokenResponse(accessToken, tokenType, expiresIn, null, scope);
    }
}
