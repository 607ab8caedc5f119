package dev.gatehouse.client;

import dev.gatehouse.common.RedisBreaker;
import io.quarkus.redis.datasource.RedisDataSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code gh:cli:{<client id>}:jti:<sha-256 of the jti>} set with {@code SET NX EX} until the
 * assertion expires: one atomic command, in the client's hash slot. The jti is hashed so a key
 * name never carries attacker-chosen text of any length.
 */
public class RedisAssertionReplayStore implements AssertionReplayStore {

    private final RedisDataSource redis;
    private final RedisBreaker breaker;

    public RedisAssertionReplayStore(RedisDataSource redis, RedisBreaker breaker) {
        this.redis = redis;
        this.breaker = breaker;
    }

    static String key(String clientId, String jti) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8));
            return "gh:cli:{" + clientId + "}:jti:" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean firstUse(String clientId, String jti, long ttlSeconds) {
        String key = key(clientId, jti);
        return breaker.call(() -> redis.execute("SET", key, "1", "NX", "EX", Long.toString(Math.max(1, ttlSeconds))) != null);
    }
}
