package dev.gatehouse.protection;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;

/**
 * Counters in Redis. {@code increment} is one Lua script (INCR, PEXPIRE on first use, PTTL), so
 * parallel requests on any instance count exactly. Keys (owned by the protection package):
 * {@code gh:rl:*} and {@code gh:lock:*}.
 */
public class RedisCounterStore implements CounterStore {

    private static final String INCREMENT = """
            local v = redis.call('INCR', KEYS[1])
            if v == 1 or ARGV[2] == '1' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {v, ttl}
            """;

    private final RedisDataSource redis;

    public RedisCounterStore(RedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public long[] increment(String key, Duration window, boolean sliding) {
        Response r = redis.execute("EVAL", INCREMENT, "1", key, Long.toString(Math.max(1, window.toMillis())), sliding ? "1" : "0");
        return new long[]{r.get(0).toLong(), r.get(1).toLong()};
    }

    @Override
    public long value(String key) {
        Response r = redis.execute("GET", key);
        return r == null ? 0 : r.toLong();
    }

    @Override
    public void lock(String key, Duration ttl) {
        redis.execute("SET", key, "1", "PX", Long.toString(Math.max(1, ttl.toMillis())));
    }

    @Override
    public long lockRemainingMillis(String key) {
        long ttl = redis.execute("PTTL", key).toLong();
        return Math.max(0, ttl);
    }

    @Override
    public void delete(String... keys) {
        redis.execute("DEL", keys);
    }

}
