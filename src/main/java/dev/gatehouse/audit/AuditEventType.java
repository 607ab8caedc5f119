package dev.gatehouse.audit;

/** Every authentication fact, in pairs where it can fail. */
public enum AuditEventType {
    LOGIN, LOGIN_ERROR,
    REGISTER, REGISTER_ERROR,
    REFRESH, REFRESH_ERROR,
    /** A refresh token used again after its grace window: the family was revoked. */
    REFRESH_REUSE,
    LOGOUT, LOGOUT_ALL,
    SESSION_ENDED,
    TOKEN_REVOKED,
    KEY_ROTATED,
    LOCKOUT,
    PASSWORD_CHANGED, PASSWORD_CHANGED_ERROR,
    ROLE_CHANGED,
    ACCOUNT_DISABLED, ACCOUNT_ENABLED, ACCOUNT_DELETED,
    /** Sign-in through Google or GitHub (detail: the provider). */
    SOCIAL_LOGIN, SOCIAL_LOGIN_ERROR,
    IDENTITY_LINKED, IDENTITY_LINKED_ERROR,
    IDENTITY_UNLINKED,
    /**
     * A service client failed to authenticate (introspection, revocation, feed); detail: the
     * client id when it is a configured one. Successes are not recorded (they are every request).
     */
    CLIENT_AUTH_ERROR
}
