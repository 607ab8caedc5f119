package dev.gatehouse.account;

import java.util.UUID;

/**
 * Fired synchronously just before a sign-in (or another write that a credential check allowed)
 * takes the account row's lock in {@link AccountService#withCurrentCredentials} or
 * {@link AccountService#lockCurrentCredentials}: the moment between "the credential was checked"
 * and "what it allows is written". No production code observes it; the race tests run a concurrent
 * change (a password reset that sweeps the account) in exactly this window, without sleeps.
 */
public record AccountLocking(UUID accountId) {
}
