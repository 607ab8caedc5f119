package dev.gatehouse.token;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
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

    /** The successor of a {@link #refresh}: its generation is the presented token's plus one, taken by the statement. */
    record Next(String tokenHash, String accessJti, Instant accessExpiresAt) {
    }

    /** What {@link #refresh} found, and what its rotation did (not committed yet when {@code decide} sees it). */
    record Attempt(Found found, Rotation rotation) {
    }

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

    /**
     * {@link #find} and {@link #rotate} in one transaction, on PostgreSQL one statement: the token
     * is read with its family and account (as of the statement's start) and, in the same statement,
     * rotated as {@code rotate} does (family touched only while live, token claimed only while
     * unused, successor inserted). Then {@code decide} sees both, with the family's and the token's
     * rows still locked, and returns the sealed pair to store and commit, or null to roll everything
     * back (a refusal, a lost race, an ended family: then nothing was written). {@code decide} must
     * only decide (and sign): no writes, nothing that waits on these rows. Empty (and nothing
     * written, {@code decide} not called) when the token is unknown.
     */
    Optional<Attempt> refresh(String tokenHash, Instant now, Instant idleCutoff, Next next, Function<Attempt, String> decide);
}
