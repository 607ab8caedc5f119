package dev.gatehouse.lifecycle;

import java.util.UUID;

/**
 * Fired inside the transaction of a password reset, after every session ended: the owner of the
 * mailbox took the account back, so every API key is revoked (a key is a credential like the
 * password). When the address had never been proven, {@link dev.gatehouse.account.AddressFirstProven}
 * fired too and removed the rest a registrant without the mailbox may have attached.
 */
public record AccountRecovered(UUID accountId) {
}
