package dev.gatehouse.token;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The fast copy of revocations that every request reads. The database holds the durable copy
 * ({@link RevocationService}); this store can be emptied (a Redis flush, restart or failover to a
 * replica that missed writes, a process restart of the in-memory store) and is then re-seeded, and
 * a write it missed is caught up from the database's revocation feed.
 * Implementations: {@link RedisRevocationStore} (shared by all instances) and
 * {@link InMemoryRevocationStore} (the embedded default).
 */
public interface RevocationStore {

    /**
     * The answer of one check. {@code UNSEEDED}: the part of the store that holds the account lost
     * its contents; {@code BEHIND}: that part holds fewer revocations than the database is known to
     * have (its sequence is below the one asked for: a failover to a replica that missed writes).
     */
    enum Verdict { VALID, REVOKED, UNSEEDED, BEHIND }

    /**
     * One round trip: is {@code jti} revoked, or was the token issued ({@code iat}, epoch seconds)
     * before the account's not-before watermark? {@code UNSEEDED} when the part of the store that
     * holds this account lost its contents, {@code BEHIND} when its revocation-feed sequence is
     * below {@code slotSequence} (the highest this instance knows the database to hold for that
     * part). Fails when the store cannot be reached.
     */
    Uni<Verdict> check(String jti, String accountId, long iat, long slotSequence);

    /**
     * Revokes one token id of the account until {@code ttlSeconds} from now, and raises the
     * sequence of the account's part of the store to {@code seq} (its feed entry) in the same
     * atomic step. Blocking; throws when unreachable.
     */
    void revokeToken(String accountId, String jti, long ttlSeconds, long seq);

    /**
     * Tokens of the account issued before {@code notBefore} (epoch seconds) are revoked. Never
     * moves an existing watermark backwards, whatever the order of concurrent writers; raises the
     * part's sequence to {@code seq} in the same step. Blocking.
     */
    void setNotBefore(String accountId, long notBefore, long ttlSeconds, long seq);

    /**
     * The revocation-feed sequence the account's part of the store holds every entry up to (its
     * marker), or -1 when that part is unseeded. Blocking.
     */
    long slotSequence(String accountId);

    /** Raises the sequence of the account's part of the store to {@code seq}, when that part is seeded. Blocking. */
    void raiseSlotSequence(String accountId, long seq);

    /**
     * Whether the store still holds the seeded revocations (a backstop: a check finds a lost part
     * of the store itself). May look at a different part each time. Blocking.
     */
    boolean seeded();

    /**
     * Writes all of {@code entries}, then marks every part of the store as seeded and holding the
     * feed up to {@code seq}. Blocking.
     */
    void seed(List<Entry> entries, long seq);

    /** The highest revocation-feed sequence number whose entries the store is known to hold; 0 when unknown. Blocking. */
    long appliedSequence();

    /** Raises {@link #appliedSequence()} to {@code seq} (never lowers it). Blocking. */
    void markApplied(long seq);

    /** Reachability, for readiness. */
    Uni<Void> ping();

    /** One durable revocation to copy into the store: a token ({@code key} = jti) or an account watermark ({@code value}). */
    record Entry(Kind kind, String accountId, String key, long value, long ttlSeconds, long seq) {
        public enum Kind { TOKEN, ACCOUNT }
    }
}
