package dev.gatehouse.token;

import java.util.UUID;

/**
 * Fired (synchronously, in the ending's transaction) when every token of an account must stop:
 * logout-all, disable, role change, delete. The account watermark revokes what was issued before
 * the current second and the refresh families' tokens of this second are revoked by jti; an
 * observer that issued access tokens outside refresh families (token exchange) revokes its own
 * by jti, as the watermark cannot tell a token of this second from one issued just after.
 */
public record AccountEnding(UUID accountId) {
}
