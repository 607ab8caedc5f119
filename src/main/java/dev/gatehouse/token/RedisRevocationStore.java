package dev.gatehouse.token;

import dev.gatehouse.common.RedisBreaker;
import dev.gatehouse.common.RedisSlots;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/**
 * Revocations in Redis, shared by every instance. Keys (owned by the token package), all of one
 * account in one hash slot so the check is a single-slot MGET on a Redis Cluster too:
 * <ul>
 * <li>{@code gh:rev:{<account>}:jti:<jti>}: a revoked access token, TTL its remaining life;</li>
 * <li>{@code gh:rev:{<account>}:nbf}: the account's not-before watermark (epoch seconds), TTL
 *     until every token it can affect has expired; only ever raised (a Lua script);</li>
 * <li>{@code gh:rev:{<tag>}:seeded}: one marker per hash slot, {@code <tag>} chosen to land in
 *     that slot ({@link RedisSlots#tagFor}); a missing marker means the keys of that slot may
 *     have been lost (a flush, a restart without persistence, a node replaced empty) and the store
 *     is re-seeded from the database before the check answers. A failover to a replica that missed
 *     the last writes keeps the markers: those writes are covered by the scheduled catch-up, which
 *     copies the last 30 s of the feed again on every run. Keys must not be evicted
 *     ({@code maxmemory-policy noeviction});</li>
 * <li>{@code gh:rev:applied}: the revocation-feed sequence up to which Redis is known to hold
 *     every entry (catch-up of writes that failed while Redis was unreachable).</li>
 * </ul>
 * Every call goes through the {@link RedisBreaker}: a slow or unreachable Redis fails fast.
 */
public class RedisRevocationStore implements RevocationStore {

    static final String APPLIED = "gh:rev:applied";
    /** Slots a scheduled check looks at per run on a cluster (16384 / 256 = 64 runs for all of them). */
    private static final int CLUSTER_WINDOW = 256;
    private final java.util.concurrent.atomic.AtomicInteger nextWindow = new java.util.concurrent.atomic.AtomicInteger();

    private static final String RAISE_WATERMARK = """
            local old = redis.call('GET', KEYS[1])
            local ttl = tonumber(ARGV[2])
            if old and tonumber(old) >= tonumber(ARGV[1]) then
              if redis.call('TTL', KEYS[1]) < ttl then redis.call('EXPIRE', KEYS[1], ttl) end
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
            return 1
            """;
    private static final String RAISE = """
            local old = redis.call('GET', KEYS[1])
            if old and tonumber(old) >= tonumber(ARGV[1]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """;

    private final ReactiveValueCommands<String, String> reactive;
    private final ValueCommands<String, String> blocking;
    private final ReactiveRedisDataSource reactiveDs;
    private final RedisDataSource blockingDs;
    private final RedisBreaker breaker;
    private final boolean cluster;

    public RedisRevocationStore(ReactiveRedisDataSource reactiveDs, RedisDataSource blockingDs, RedisBreaker breaker,
                                boolean cluster) {
        this.cluster = cluster;
        this.reactiveDs = reactiveDs;
        this.blockingDs = blockingDs;
        this.reactive = reactiveDs.value(String.class);
        this.blocking = blockingDs.value(String.class);
        this.breaker = breaker;
    }

    static String jtiKey(String accountId, String jti) {
        return "gh:rev:{" + accountId + "}:jti:" + jti;
    }

    static String watermarkKey(String accountId) {
        return "gh:rev:{" + accountId + "}:nbf";
    }

    /** The marker of the slot that holds the account's keys. */
    static String markerKey(String accountId) {
        return markerOfSlot(RedisSlots.slot(accountId));
    }

    static String markerOfSlot(int slot) {
        return "gh:rev:{" + RedisSlots.tagFor(slot) + "}:seeded";
    }

    @Override
    public Uni<Verdict> check(String jti, String accountId, long iat) {
        String marker = markerKey(accountId);
        String revoked = jtiKey(accountId, jti);
        String watermark = watermarkKey(accountId);
        return breaker.callAsync(() -> reactive.mget(marker, revoked, watermark))
                .map(values -> verdict(values, marker, revoked, watermark, iat));
    }

    private static Verdict verdict(Map<String, String> values, String marker, String revoked, String watermark, long iat) {
        if (values.get(marker) == null) {
            return Verdict.UNSEEDED;
        }
        if (values.get(revoked) != null) {
            return Verdict.REVOKED;
        }
        String nbf = values.get(watermark);
        return nbf != null && iat < Long.parseLong(nbf) ? Verdict.REVOKED : Verdict.VALID;
    }

    @Override
    public void revokeToken(String accountId, String jti, long ttlSeconds) {
        breaker.call(() -> {
            blocking.setex(jtiKey(accountId, jti), Math.max(1, ttlSeconds), "1");
            return null;
        });
    }

    @Override
    public void setNotBefore(String accountId, long notBefore, long ttlSeconds) {
        breaker.call(() -> blockingDs.execute("EVAL", RAISE_WATERMARK, "1", watermarkKey(accountId),
                Long.toString(notBefore), Long.toString(Math.max(1, ttlSeconds))));
    }

    @Override
    public boolean seeded() {
        return breaker.call(() -> {
            if (cluster) {
                // One slot at a time (a multi-slot MGET is split into a burst of requests); a
                // rotating window, since a check finds its own slot's loss anyway.
                int from = nextWindow.getAndAdd(CLUSTER_WINDOW) & (RedisSlots.SLOTS - 1);
                for (int slot = from; slot < from + CLUSTER_WINDOW; slot++) {
                    if (blocking.get(markerOfSlot(slot)) == null) {
                        return false;
                    }
                }
                return true;
            }
            String[] keys = new String[RedisSlots.SLOTS];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = markerOfSlot(i);
            }
            Map<String, String> values = blocking.mget(keys);
            return values.size() == keys.length && !values.containsValue(null);
        });
    }

    @Override
    public boolean slotSeeded(String accountId) {
        return breaker.call(() -> blocking.get(markerKey(accountId)) != null);
    }

    @Override
    public void seed(List<Entry> entries) {
        // One command at a time: a burst of parallel commands stalled the cluster client's pools.
        breaker.call(() -> {
            for (Entry e : entries) {
                if (e.kind() == Entry.Kind.TOKEN) {
                    blocking.setex(jtiKey(e.accountId(), e.key()), Math.max(1, e.ttlSeconds()), "1");
                } else {
                    blockingDs.execute("EVAL", RAISE_WATERMARK, "1", watermarkKey(e.accountId()),
                            Long.toString(e.value()), Long.toString(Math.max(1, e.ttlSeconds())));
                }
            }
            // Markers last: a slot counts as seeded only once its entries are in. A single server
            // takes them 1024 to a command; a cluster one key at a time (each in its own slot).
            for (int from = 0; from < RedisSlots.SLOTS; from += 1024) {
                if (cluster) {
                    for (int slot = from; slot < from + 1024; slot++) {
                        blocking.set(markerOfSlot(slot), "1");
                    }
                } else {
                    Map<String, String> chunk = new java.util.HashMap<>();
                    for (int slot = from; slot < from + 1024; slot++) {
                        chunk.put(markerOfSlot(slot), "1");
                    }
                    blocking.mset(chunk);
                }
            }
            return null;
        });
    }

    @Override
    public long appliedSequence() {
        return breaker.call(() -> {
            String v = blocking.get(APPLIED);
            return v == null ? 0L : Long.parseLong(v);
        });
    }

    @Override
    public void markApplied(long seq) {
        breaker.call(() -> blockingDs.execute("EVAL", RAISE, "1", APPLIED, Long.toString(seq)));
    }

    @Override
    public Uni<Void> ping() {
        return breaker.callAsync(() -> reactiveDs.execute("PING").replaceWithVoid());
    }

}
