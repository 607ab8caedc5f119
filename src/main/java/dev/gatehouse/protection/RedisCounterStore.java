package dev.gatehouse.protection;

import dev.gatehouse.common.RedisBreaker;
import dev.gatehouse.common.RedisScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;

/**
 * Counters in Redis. {@code increment} is one Lua script (by EVALSHA, {@link RedisScript}) (INCR, PEXPIRE on first use, PTTL), so
 * parallel requests on any instance count exactly. Keys (owned by the protection package):
 * {@code gh:rl:*} and {@code gh:lock:{<account>}:*} (the lockout's two keys share a hash tag, so its
 * script and DEL stay in one slot on a Redis Cluster).
 */
public class RedisCounterStore implements CounterStore {

    private static final RedisScript INCREMENT = new RedisScript("""
            local v = redis.call('INCR', KEYS[1])
            if v == 1 or ARGV[2] == '1' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {v, ttl}
            """);

    /** KEYS: fail counter, lock marker, in-flight counter. ARGV: threshold, in-flight TTL ms. */
    private static final RedisScript ADMIT = new RedisScript("""
            local left = redis.call('PTTL', KEYS[2])
            if left > 0 then return {-1, left} end
            local f = tonumber(redis.call('GET', KEYS[1]) or '0')
            local p = tonumber(redis.call('GET', KEYS[3]) or '0')
            local t = tonumber(ARGV[1])
            local next = (math.floor(f / t) + 1) * t
            if f + p >= next then return {-2, 0} end
            redis.call('INCR', KEYS[3])
            redis.call('PEXPIRE', KEYS[3], ARGV[2])
            return {f, 0}
            """);
    /** KEYS: fail, lock, in flight. ARGV: F(ailure), S(uccess), R(elease) or N(one), failure memory ms, threshold, base ms, max ms. */
    private static final RedisScript SETTLE = new RedisScript("""
            if ARGV[1] == 'N' then return {0, 0} end
            local p = tonumber(redis.call('GET', KEYS[3]) or '0')
            if p > 1 then redis.call('DECR', KEYS[3]) else redis.call('DEL', KEYS[3]) end
            if ARGV[1] == 'R' then return {0, 0} end
            if ARGV[1] == 'S' then
              redis.call('DEL', KEYS[1], KEYS[2])
              return {0, 0}
            end
            local v = redis.call('INCR', KEYS[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            local threshold = tonumber(ARGV[3])
            if threshold > 0 and v % threshold == 0 then
              local level = math.floor(v / threshold)
              local lock = tonumber(ARGV[4]) * (2 ^ math.min(20, level - 1))
              local max = tonumber(ARGV[5])
              if lock > max then lock = max end
              lock = math.max(1, math.floor(lock))
              redis.call('SET', KEYS[2], '1', 'PX', lock)
              return {v, lock}
            end
            return {v, 0}
            """);

    private final RedisDataSource redis;
    private final RedisBreaker breaker;

    public RedisCounterStore(RedisDataSource redis, RedisBreaker breaker) {
        this.redis = redis;
        this.breaker = breaker;
    }

    /** Every call goes through the breaker: a slow or gone Redis fails fast (and the caller falls back). */
    private Response execute(String command, String... args) {
        return breaker.call(() -> redis.execute(command, args));
    }

    private Response run(RedisScript script, int numKeys, String... keysAndArgs) {
        return breaker.call(() -> script.run(redis, numKeys, keysAndArgs));
    }

    @Override
    public long[] increment(String key, Duration window, boolean sliding) {
        Response r = run(INCREMENT, 1, key, Long.toString(Math.max(1, window.toMillis())), sliding ? "1" : "0");
        return new long[]{r.get(0).toLong(), r.get(1).toLong()};
    }

    @Override
    public long value(String key) {
        Response r = execute("GET", key);
        return r == null ? 0 : r.toLong();
    }

    @Override
    public void lock(String key, Duration ttl) {
        execute("SET", key, "1", "PX", Long.toString(Math.max(1, ttl.toMillis())));
    }

    @Override
    public long lockRemainingMillis(String key) {
        long ttl = execute("PTTL", key).toLong();
        return Math.max(0, ttl);
    }

    @Override
    public void delete(String... keys) {
        execute("DEL", keys);
    }

    @Override
    public Attempt admit(String failKey, String lockKey, String pendingKey, int threshold, Duration pendingTtl) {
        Response r = run(ADMIT, 3, failKey, lockKey, pendingKey, Integer.toString(Math.max(1, threshold)),
                Long.toString(Math.max(1, pendingTtl.toMillis())));
        long first = r.get(0).toLong();
        return first < 0 ? new Attempt(true, 0, r.get(1).toLong()) : new Attempt(false, first, 0);
    }

    @Override
    public Attempt settle(String failKey, String lockKey, String pendingKey, Outcome outcome, Duration failureMemory,
                          int threshold, Duration base, Duration max) {
        Response r = run(SETTLE, 3, failKey, lockKey, pendingKey, outcome.name().substring(0, 1),
                Long.toString(Math.max(1, failureMemory.toMillis())), Integer.toString(threshold),
                Long.toString(base.toMillis()), Long.toString(max.toMillis()));
        return new Attempt(false, r.get(0).toLong(), r.get(1).toLong());
    }

}
