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
    CLIENT_AUTH_ERROR,
    // MFA (package mfa). Details never hold a code or secret.
    /** TOTP turned on (its first code proved the authenticator). */
    MFA_ENROLLED,
    /** TOTP and backup codes removed (detail: by the account, or the acting admin). */
    MFA_DISABLED,
    /** A second factor accepted (detail: totp or backup_code). */
    MFA_VERIFY, MFA_VERIFY_ERROR,
    /** A backup code used (detail: how many are left). */
    BACKUP_CODE_USED,
    BACKUP_CODES_REGENERATED
}
