package dev.gatehouse.token;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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

    /**
     * What the rotation of a {@link #refresh} did: {@code WON} (this call claimed the token and
     * inserted the successor), {@code LOST} (the token was already used: another call won), or
     * {@code FAMILY_ENDED} (the family was not live when its row was locked: nothing claimed).
     */
    enum Rotation { WON, LOST, FAMILY_ENDED }

    /**
     * The successor row of a {@link #refresh}, written only when it wins (its access token's id and
     * expiry are known before it is signed); its generation is the presented token's plus one, taken
     * by the statement.
     */
    record Next(String tokenHash, String accessJti, Instant accessExpiresAt) {
    }

    /** What {@link #refresh} found, and what its rotation did (not committed yet when {@code decide} sees it). */
    record Attempt(Found found, Rotation rotation) {
    }

    /** The token with {@code tokenHash}, its family and its account: one read. */
    Optional<Found> find(String tokenHash);

    /**
     * The refresh, in one transaction, on PostgreSQL one statement: the token is read with its family
     * and account (as {@link #find}, as of the statement's start) and rotated: the family touched
     * ({@code last_used_at = now}) only while it is live (not revoked, {@code absolute_expires_at >
     * now}, {@code last_used_at > idleCutoff}), which takes its row lock first and so orders this
     * rotation with every revocation of the family (one that committed first makes the touch match
     * nothing, however live the read saw the family: {@code FAMILY_ENDED}); then the token marked
     * used only if it is still unused (the race: exactly one of parallel calls wins); then the
     * successor {@code next} inserted. Then {@code decide} sees both, with the family's and the
     * token's rows still locked, and returns the winner's sealed pair (it signs the access token and
     * seals the pair), which is stored on the used token and committed, so a loser that waited on the
     * family row finds it; or null to roll everything back (a refusal, a lost race, an ended family:
     * then nothing was written). {@code decide} must only decide (and sign): no writes, nothing that
     * waits on these rows; if it throws, everything is rolled back. Empty (and nothing written,
     * {@code decide} not called) when the token is unknown. Commits its own transaction: not to be
     * called inside one.
     */
    Optional<Attempt> refresh(String tokenHash, Instant now, Instant idleCutoff, Next next, Function<Attempt, String> decide);
}
