package dev.gatehouse.login;

import java.util.UUID;

/**
 * Fired inside the transaction that replaced the password of a signed-in account (the holder knew
 * the current one): what was pending on the old password must not outlive it. The lifecycle voids
 * the account's pending e-mail change and reset links here, so the change commits with them.
 */
public record PasswordChanged(UUID accountId) {
}
