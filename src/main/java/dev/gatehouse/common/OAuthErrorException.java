package dev.gatehouse.common;

/** An RFC 6749 error ({@code {error, error_description}}) from an OAuth2 endpoint. */
public class OAuthErrorException extends RuntimeException {

    private final int status;
    private final String error;

    public OAuthErrorException(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
