package dev.gatehouse.verifier;

/**
 * A token that must not be accepted. {@link #reason()} tells a caller whether to answer 401
 * ({@link Reason#INVALID}, {@link Reason#REVOKED}) or 503 ({@link Reason#UNAVAILABLE}: the
 * revocation state is not known well enough to say "not revoked"). The message never quotes the token.
 */
public class TokenRejectedException extends Exception {

    /** Why a token was refused. */
    public enum Reason {
        /** Malformed, bad signature, wrong algorithm, {@code typ}, {@code iss} or {@code aud}, expired, unknown key. */
        INVALID,
        /** Its {@code jti} is in the feed, or it was issued before its subject's watermark. */
        REVOKED,
        /** The feed has not been read yet, or not recently enough for the configured policy. */
        UNAVAILABLE
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
