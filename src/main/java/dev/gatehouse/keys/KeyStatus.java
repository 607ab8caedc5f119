package dev.gatehouse.keys;

/** The whole rotation model. */
public enum KeyStatus {
    /** Signs new tokens, verifies, is published. */
    ACTIVE,
    /** Verifies and is published but does not sign: a key waiting for its turn, or one whose tokens may still be alive. */
    PASSIVE,
    /** Neither signs, verifies nor is published: every token it signed has expired. */
    RETIRED
}
