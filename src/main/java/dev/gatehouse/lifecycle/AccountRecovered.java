package dev.gatehouse.lifecycle;

import java.util.UUID;

/**
 * Fired inside the transaction of a password reset, after every session ended: the owner of the
 * mailbox took the account back. Whatever a previous holder may have left must stop: API keys are
 * revoked always; when the address had never been proven ({@code addressWasUnproven}: someone
 * registered it without its mailbox, a "pre-hijacked" account), the passkeys and linked
 * identities attached to it go too, since nobody who owned the mailbox added them.
 */
public record AccountRecovered(UUID accountId, boolean addressWasUnproven) {
}
