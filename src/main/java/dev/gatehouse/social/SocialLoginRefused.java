package dev.gatehouse.social;

/**
 * A completed provider sign-in that we refuse; the browser is sent to the hosted page with
 * {@code error=<code>} and a generic message for it.
 */
public class SocialLoginRefused extends RuntimeException {

    /** An account has this e-mail, but one of the two sides has not verified it: sign in first, then link. */
    public static final String ACCOUNT_EXISTS = "account_exists";
    /** The provider vouched for no e-mail address, so no account can be made for it. */
    public static final String EMAIL_UNVERIFIED = "email_unverified";
    /** This provider identity already belongs to another account. */
    public static final String IDENTITY_TAKEN = "identity_taken";
    /** The account already has another identity of this provider. */
    public static final String PROVIDER_TAKEN = "provider_taken";
    /** The account is disabled (said the same way as any other refusal on the page). */
    public static final String NOT_ALLOWED = "not_allowed";
    /** The provider answered something unusable (no subject, API down). */
    public static final String PROVIDER_ERROR = "provider_error";

    private final String code;

    public SocialLoginRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
