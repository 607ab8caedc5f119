package dev.gatehouse.token;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The fast copy of revocations that every request reads. The database holds the durable copy
 * ({@link RevocationService}); this store can be emptied (a Redis flush or restart) and re-seeded.
 * Implementations: {@link RedisRevocationStore} (shared by all instances) and
 * {@link InMemoryRevocationStore} (the embedded default).
 */
public interface RevocationStore {

    /** The answer of one check. */
    enum Verdict { VALID, REVOKED, UNSEEDED }

    /**
     * One round trip: is {@code jti} revoked, or was the token issued ({@code iat}, epoch seconds)
     * before the account's not-before watermark? {@code UNSEEDED} when the store lost its contents.
     * Fails when the store cannot be reached.
     */
    Uni<Verdict> check(String jti, String accountId, long iat);

    /** Revokes one token id until {@code ttlSeconds} from now. Blocking; throws when unreachable. */
    void revokeToken(String jti, long ttlSeconds);

    /** Tokens of the account issued before {@code notBefore} (epoch seconds) are revoked. Blocking. */
    void setNotBefore(String accountId, long notBefore, long ttlSeconds);

    /** Whether the store still holds the seeded revocations. Blocking. */
    boolean seeded();

    /** Writes all of {@code entries}, then marks the store as seeded. Blocking. */
    void seed(List<Entry> entries);

    /** Reachability, for readiness. */
    Uni<Void> ping();

    /** One durable revocation to copy into the store. */
    record Entry(Kind kind, String key, long value, long ttlSeconds) {
        public enum Kind { TOKEN, ACCOUNT }
    }
}
