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

    /** The answer of one check. */
    enum Verdict { VALID, REVOKED, UNSEEDED }

    /**
     * One round trip: is {@code jti} revoked, or was the token issued ({@code iat}, epoch seconds)
     * before the account's not-before watermark? {@code UNSEEDED} when the part of the store that
     * holds this account lost its contents. Fails when the store cannot be reached.
     */
    Uni<Verdict> check(String jti, String accountId, long iat);

    /** Revokes one token id of the account until {@code ttlSeconds} from now. Blocking; throws when unreachable. */
    void revokeToken(String accountId, String jti, long ttlSeconds);

    /**
     * Tokens of the account issued before {@code notBefore} (epoch seconds) are revoked. Never
     * moves an existing watermark backwards, whatever the order of concurrent writers. Blocking.
     */
    void setNotBefore(String accountId, long notBefore, long ttlSeconds);

    /**
     * Whether the store still holds the seeded revocations (a backstop: a check finds a lost part
     * of the store itself). May look at a different part each time. Blocking.
     */
    boolean seeded();

    /** Whether the part of the store that holds the account's entries is still seeded. Blocking. */
    boolean slotSeeded(String accountId);

    /** Writes all of {@code entries}, then marks the store as seeded. Blocking. */
    void seed(List<Entry> entries);

    /** The highest revocation-feed sequence number whose entries the store is known to hold; 0 when unknown. Blocking. */
    long appliedSequence();

    /** Raises {@link #appliedSequence()} to {@code seq} (never lowers it). Blocking. */
    void markApplied(long seq);

    /** Reachability, for readiness. */
    Uni<Void> ping();

    /** One durable revocation to copy into the store: a token ({@code key} = jti) or an account watermark ({@code value}). */
    record Entry(Kind kind, String accountId, String key, long value, long ttlSeconds) {
        public enum Kind { TOKEN, ACCOUNT }
    }
}
