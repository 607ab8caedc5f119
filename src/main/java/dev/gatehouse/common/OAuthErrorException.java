package dev.gatehouse.common;

/** An RFC 6749 error ({@code {error, error_description}}) from an OAuth2 endpoint. */
public class OAuthErrorException extends RuntimeException {

    private final int status;
    private final String error;
    private final long retryAfterSeconds;
    private final java.util.Map<String, Object> extra;

    public OAuthErrorException(int status, String error, String description) {
        this(status, error, description, 0);
    }

    /** With {@code retryAfterSeconds > 0} the answer carries {@code Retry-After} (429, 503). */
    public OAuthErrorException(int status, String error, String description, long retryAfterSeconds) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
        this.extra = java.util.Map.of();
    }

    /** With members beside {@code error} and {@code error_description} (e.g. {@code mfa_token}). */
    public OAuthErrorException(int status, String error, String description, java.util.Map<String, Object> extra) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = 0;
        this.extra = java.util.Map.copyOf(extra);
    }

    /** Members answered beside {@code error} and {@code error_description}. */
    public java.util.Map<String, Object> extra() {
        return extra;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
