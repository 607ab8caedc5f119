package dev.gatehouse.passkey;

import dev.gatehouse.common.RedisBreaker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code gh:pk:{<sha-256 of the handle>}:ceremony}, written with {@code SET … PX} and read with
 * {@code GETDEL} (one atomic command, one key, so one hash slot). The handle is hashed so a key name
 * never carries what a client sent, and a Redis dump holds no usable handle.
 */
public class RedisPasskeyChallengeStore implements PasskeyChallengeStore {

    private final RedisDataSource redis;
    private final RedisBreaker breaker;

    public RedisPasskeyChallengeStore(RedisDataSource redis, RedisBreaker breaker) {
        this.redis = redis;
        this.breaker = breaker;
    }

    static String key(String handle) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(handle.getBytes(StandardCharsets.UTF_8));
            return "gh:pk:{" + HexFormat.of().formatHex(h) + "}:ceremony";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void put(String handle, String value, Duration ttl) {
        String key = key(handle);
        breaker.call(() -> redis.execute("SET", key, value, "PX", Long.toString(Math.max(1, ttl.toMillis()))));
    }

    @Override
    public Optional<String> take(String handle) {
        String key = key(handle);
        Response r = breaker.call(() -> redis.execute("GETDEL", key));
        return r == null ? Optional.empty() : Optional.of(r.toString(StandardCharsets.UTF_8));
    }
}
