package dev.gatehouse.account;

import java.util.UUID;

/**
 * Fired inside the transaction where an account's address, never proven before, was proven for the
 * first time by a password reset through the mailed link (a verification link removes nothing: it
 * sets no password, so taking the second factor away would open the account to its password alone).
 * Until then whoever registered
 * the address may not have owned the mailbox (a "pre-hijacked" account, Sudhodanan and Paverd
 * 2022), so what they attached must stop: every session ends (the lifecycle does it), and the
 * observers remove API keys, passkeys, linked identities, TOTP and backup codes and pending MFA
 * sign-ins. {@code how} names the proof for the audit ({@code password reset}).
 */
public record AddressFirstProven(UUID accountId, String how) {
}
