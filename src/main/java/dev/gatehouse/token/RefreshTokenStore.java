package dev.gatehouse.token;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Storage of the refresh-token hot path, behind the rules of {@link RefreshTokenService} (the shape
 * of Spring Authorization Server's {@code OAuth2AuthorizationService}: find by token, save the
 * outcome). The rest of the family bookkeeping (revocations, listings, purges) stays on the ORM.
 */
public interface RefreshTokenStore {

    /**
     * A token row joined with its family and the family's account, as stored; the service decides
     * what is live. {@code accountActive} and {@code accountRoles} (the stored, comma-separated
     * {@code account.roles}) are null when the account is gone.
     */
    record Found(String tokenHash, UUID familyId, int generation, Instant usedAt, UUID accountId, String kind, String scope,
                 String amr, Instant createdAt, Instant lastUsedAt, Instant absoluteExpiresAt, Instant revokedAt, String clientId,
                 Boolean accountActive, String accountRoles) {
    }

    /** The successor row written when a rotation wins (its access token's id and expiry are known before it is signed). */
    record Successor(String tokenHash, int generation, String accessJti, Instant accessExpiresAt) {
    }

    /** The outcome of {@link #rotate}. */
    enum Rotation { WON, LOST, FAMILY_ENDED }

    /** The token with {@code tokenHash}, its family and its account: one read. */
    Optional<Found> find(String tokenHash);

    /**
     * In one transaction: touch the family ({@code last_used_at = now}) only while it is live
     * (not revoked, {@code absolute_expires_at > now}, {@code last_used_at > idleCutoff}), which
     * takes its row lock first and so orders this rotation with every revocation of the family;
     * then mark the presented token used only if it is still unused (the race: exactly one wins);
     * then insert the successor. Only when this call won does it run {@code sealedSuccessor} (which
     * signs the access token and seals the pair) and store its result on the used token, still in
     * the same transaction, so a loser that waited on the family row finds the sealed pair.
     */
    Rotation rotate(String tokenHash, UUID familyId, Instant now, Instant idleCutoff, Successor successor,
                    Supplier<String> sealedSuccessor);
}
