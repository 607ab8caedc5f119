package dev.gatehouse.token;

import dev.gatehouse.common.RedisBreaker;
import dev.gatehouse.common.RedisScript;
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
 *     that slot ({@link RedisSlots#tagFor}); its value is the revocation-feed sequence up to which
 *     the slot holds every entry, raised by the same script that writes each revocation of the
 *     slot. A missing marker means the keys of that slot may have been lost (a flush, a restart
 *     without persistence, a node replaced empty, an eviction) and the store is re-seeded from the
 *     database before the check answers; a marker below the sequence the instance knows the
 *     database holds for the slot means the slot missed writes (a failover to a replica that had
 *     not received them) and the slot is caught up from the feed before the check answers. Keys
 *     must not be evicted ({@code maxmemory-policy noeviction});</li>
 * <li>{@code gh:rev:applied}: the revocation-feed sequence up to which Redis is known to hold
 *     every entry (catch-up of writes that failed while Redis was unreachable).</li>
 * </ul>
 * Every call goes through the {@link RedisBreaker}: a slow or unreachable Redis fails fast.
 */
public class RedisRevocationStore implements RevocationStore {

    static final String APPLIED = "gh:rev:applied";
    /** Slots a scheduled check looks at per run on a cluster (16384 / 256 = 64 runs for all of them). */
    private static final int CLUSTER_WINDOW = 256;
    /**
     * Slot markers per command on a single server (16 commands for all of them): one MGET or script
     * of all 16,384 took more than the 1 s command timeout on a slow machine right after start, and
     * opened the breaker for every Redis caller.
     */
    private static final int MARKER_BATCH = 1024;
    private final java.util.concurrent.atomic.AtomicInteger nextWindow = new java.util.concurrent.atomic.AtomicInteger();

    /** KEYS: watermark, slot marker; ARGV: not-before, TTL, feed sequence. The marker is raised only where it exists. */
    private static final RedisScript RAISE_WATERMARK = new RedisScript("""
            local m = redis.call('GET', KEYS[2])
            if m and tonumber(m) < tonumber(ARGV[3]) then redis.call('SET', KEYS[2], ARGV[3]) end
            local old = redis.call('GET', KEYS[1])
            local ttl = tonumber(ARGV[2])
            if old and tonumber(old) >= tonumber(ARGV[1]) then
              if redis.call('TTL', KEYS[1]) < ttl then redis.call('EXPIRE', KEYS[1], ttl) end
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
            return 1
            """);
    /** KEYS: revoked jti, slot marker; ARGV: TTL, feed sequence. */
    private static final RedisScript REVOKE = new RedisScript("""
            redis.call('SET', KEYS[1], '1', 'EX', tonumber(ARGV[1]))
            local m = redis.call('GET', KEYS[2])
            if m and tonumber(m) < tonumber(ARGV[2]) then redis.call('SET', KEYS[2], ARGV[2]) end
            return 1
            """);
    /** KEYS: slot markers; ARGV: feed sequence. Sets each marker that is missing or lower (never lowers one). */
    private static final RedisScript SEED_MARKERS = new RedisScript("""
            for _, k in ipairs(KEYS) do
              local m = redis.call('GET', k)
              if (not m) or tonumber(m) < tonumber(ARGV[1]) then redis.call('SET', k, ARGV[1]) end
            end
            return 1
            """);
    /** KEYS: slot marker; ARGV: feed sequence. Raises an existing marker only. */
    private static final RedisScript RAISE_MARKER = new RedisScript("""
            local m = redis.call('GET', KEYS[1])
            if m and tonumber(m) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
            return 0
            """);
    private static final RedisScript RAISE = new RedisScript("""
            local old = redis.call('GET', KEYS[1])
            if old and tonumber(old) >= tonumber(ARGV[1]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """);

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
    public Uni<Verdict> check(String jti, String accountId, long iat, long slotSequence) {
        String marker = markerKey(accountId);
        String revoked = jtiKey(accountId, jti);
        String watermark = watermarkKey(accountId);
        return breaker.callAsync(() -> reactive.mget(marker, revoked, watermark))
                .map(values -> verdict(values, marker, revoked, watermark, iat, slotSequence));
    }

    private static Verdict verdict(Map<String, String> values, String marker, String revoked, String watermark, long iat,
                                   long slotSequence) {
        String seeded = values.get(marker);
        if (seeded == null) {
            return Verdict.UNSEEDED;
        }
        if (values.get(revoked) != null) {
            return Verdict.REVOKED;
        }
        String nbf = values.get(watermark);
        if (nbf != null && iat < Long.parseLong(nbf)) {
            return Verdict.REVOKED;
        }
        // Not revoked here; but if this slot holds less of the feed than the database is known to,
        // "not revoked" cannot be trusted.
        return sequence(seeded) < slotSequence ? Verdict.BEHIND : Verdict.VALID;
    }

    /** A marker's sequence ("1" in markers written before markers held sequences). */
    private static long sequence(String marker) {
        try {
            return Long.parseLong(marker);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void revokeToken(String accountId, String jti, long ttlSeconds, long seq) {
        breaker.call(() -> REVOKE.run(blockingDs, 2, jtiKey(accountId, jti), markerKey(accountId),
                Long.toString(Math.max(1, ttlSeconds)), Long.toString(seq)));
    }

    @Override
    public void setNotBefore(String accountId, long notBefore, long ttlSeconds, long seq) {
        breaker.call(() -> RAISE_WATERMARK.run(blockingDs, 2, watermarkKey(accountId), markerKey(accountId),
                Long.toString(notBefore), Long.toString(Math.max(1, ttlSeconds)), Long.toString(seq)));
    }

    @Override
    public long slotSequence(String accountId) {
        return breaker.call(() -> {
            String m = blocking.get(markerKey(accountId));
            return m == null ? -1L : sequence(m);
        });
    }

    @Override
    public void raiseSlotSequence(String accountId, long seq) {
        breaker.call(() -> RAISE_MARKER.run(blockingDs, 1, markerKey(accountId), Long.toString(seq)));
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
            String[] keys = new String[MARKER_BATCH];
            for (int from = 0; from < RedisSlots.SLOTS; from += MARKER_BATCH) {
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = markerOfSlot(from + i);
                }
                Map<String, String> values = blocking.mget(keys);
                if (values.size() != keys.length || values.containsValue(null)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void seed(List<Entry> entries, long seq) {
        // One command at a time: a burst of parallel commands stalled the cluster client's pools.
        breaker.call(() -> {
            for (Entry e : entries) {
                // Markers still missing are left so by the scripts: they are set below.
                if (e.kind() == Entry.Kind.TOKEN) {
                    REVOKE.run(blockingDs, 2, jtiKey(e.accountId(), e.key()), markerKey(e.accountId()),
                            Long.toString(Math.max(1, e.ttlSeconds())), Long.toString(e.seq()));
                } else {
                    RAISE_WATERMARK.run(blockingDs, 2, watermarkKey(e.accountId()), markerKey(e.accountId()),
                            Long.toString(e.value()), Long.toString(Math.max(1, e.ttlSeconds())), Long.toString(e.seq()));
                }
            }
            // Markers last: a slot counts as seeded only once its entries are in, and holds the feed
            // up to seq (a marker a newer revocation raised meanwhile is never lowered). A single
            // server takes them MARKER_BATCH to a script; a cluster one key at a time (each in its own slot).
            String value = Long.toString(seq);
            for (int from = 0; from < RedisSlots.SLOTS; from += MARKER_BATCH) {
                if (cluster) {
                    for (int slot = from; slot < from + MARKER_BATCH; slot++) {
                        SEED_MARKERS.run(blockingDs, 1, markerOfSlot(slot), value);
                    }
                } else {
                    String[] args = new String[MARKER_BATCH + 1];
                    for (int slot = from; slot < from + MARKER_BATCH; slot++) {
                        args[slot - from] = markerOfSlot(slot);
                    }
                    args[args.length - 1] = value;
                    SEED_MARKERS.run(blockingDs, MARKER_BATCH, args);
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
        breaker.call(() -> RAISE.run(blockingDs, 1, APPLIED, Long.toString(seq)));
    }

    @Override
    public Uni<Void> ping() {
        return breaker.callAsync(() -> reactiveDs.execute("PING").replaceWithVoid());
    }

}
