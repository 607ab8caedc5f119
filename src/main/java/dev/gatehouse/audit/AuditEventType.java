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
    BACKUP_CODES_REGENERATED,
    // API keys and registered clients (issue 11). Never a key, secret or assertion in the detail.
    /** A personal API key was created (detail: key id and scopes) or revoked (detail: key id). */
    API_KEY_CREATED, API_KEY_REVOKED,
    /** A known key was refused (revoked, expired, owner disabled or without the key's scopes); detail: key id and reason. */
    API_KEY_USED_ERROR,
    /** A client was registered, its secret rotated, disabled or enabled (detail: client id and the acting admin). */
    CLIENT_CREATED, CLIENT_SECRET_ROTATED, CLIENT_DISABLED, CLIENT_ENABLED,
    /** A client-credentials token was issued, or refused (detail: the client id when it is a registered one, and the reason). */
    CLIENT_CREDENTIALS, CLIENT_CREDENTIALS_ERROR,
    // OpenID Provider (issue 12). Never a code, token or nonce in the detail.
    /** A code was issued to a client (detail: client id), or the request refused (detail: client id and error). */
    OIDC_AUTHORIZE, OIDC_AUTHORIZE_ERROR,
    /** Consent given to a client (detail: client id and scopes), or refused. */
    OIDC_CONSENT, OIDC_CONSENT_ERROR,
    /** A code redeemed for tokens (detail: client id), or refused (detail: client id and reason; a replay revokes what it issued). */
    OIDC_CODE, OIDC_CODE_ERROR,
    /** RP-initiated logout ended the SSO session (detail: client id when an id_token_hint named it). */
    OIDC_LOGOUT,
    // Account lifecycle (issue 13). Never a link, token or password in the detail.
    /** An address proven by its link, or a link refused (detail: why). */
    EMAIL_VERIFIED, EMAIL_VERIFIED_ERROR,
    /** A new address asked for (its link mailed to it), taken into use by its link, or the request refused. */
    EMAIL_CHANGE_REQUESTED, EMAIL_CHANGED, EMAIL_CHANGE_ERROR,
    /** A reset link mailed (detail: the acting admin when an admin sent it). */
    PASSWORD_RESET_REQUESTED,
    /** The password set through a reset link (every session ended), or the reset refused (detail: why). */
    PASSWORD_RESET, PASSWORD_RESET_ERROR,
    // Passkeys (issue 16). Never a challenge, assertion or key in the detail.
    /** A passkey was registered (detail: passkey id) or removed (detail: passkey id, and the acting admin). */
    PASSKEY_REGISTERED, PASSKEY_REMOVED,
    /** A passkey signed in or passed the MFA step (detail: passkey id), or was refused (detail: reason; a counter that went backwards is a clone). */
    PASSKEY_LOGIN, PASSKEY_LOGIN_ERROR
}
