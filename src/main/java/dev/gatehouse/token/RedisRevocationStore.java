package dev.gatehouse.token;

import dev.gatehouse.common.DependencyUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/**
 * Revocations in Redis, shared by every instance. Keys (owned by the token package):
 * {@code gh:rev:jti:<jti>} and {@code gh:rev:nbf:<account>} with a TTL, and the marker
 * {@code gh:rev:seeded}, whose absence means Redis lost its data and must be re-seeded.
 */
public class RedisRevocationStore implements RevocationStore {

    static final String MARKER = "gh:rev:seeded";
    static final String JTI = "gh:rev:jti:";
    static final String NBF = "gh:rev:nbf:";

    private final ReactiveValueCommands<String, String> reactive;
    private final ValueCommands<String, String> blocking;
    private final ReactiveRedisDataSource reactiveDs;

    public RedisRevocationStore(ReactiveRedisDataSource reactiveDs, RedisDataSource blockingDs) {
        this.reactiveDs = reactiveDs;
        this.reactive = reactiveDs.value(String.class);
        this.blocking = blockingDs.value(String.class);
    }

    @Override
    public Uni<Verdict> check(String jti, String accountId, long iat) {
        return reactive.mget(MARKER, JTI + jti, NBF + accountId)
                .onFailure().transform(e -> new DependencyUnavailableException("Redis unreachable for a revocation check", e))
                .map(values -> verdict(values, jti, accountId, iat));
    }

    private static Verdict verdict(Map<String, String> values, String jti, String accountId, long iat) {
        if (values.get(MARKER) == null) {
            return Verdict.UNSEEDED;
        }
        if (values.get(JTI + jti) != null) {
            return Verdict.REVOKED;
        }
        String nbf = values.get(NBF + accountId);
        return nbf != null && iat < Long.parseLong(nbf) ? Verdict.REVOKED : Verdict.VALID;
    }

    @Override
    public void revokeToken(String jti, long ttlSeconds) {
        write(() -> blocking.setex(JTI + jti, Math.max(1, ttlSeconds), "1"));
    }

    @Override
    public void setNotBefore(String accountId, long notBefore, long ttlSeconds) {
        // Never move a watermark backwards if two logouts race.
        write(() -> {
            String old = blocking.get(NBF + accountId);
            long value = old == null ? notBefore : Math.max(notBefore, Long.parseLong(old));
            blocking.set(NBF + accountId, Long.toString(value), new SetArgs().ex(Math.max(1, ttlSeconds)));
        });
    }

    @Override
    public boolean seeded() {
        try {
            return blocking.get(MARKER) != null;
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis unreachable", e);
        }
    }

    @Override
    public void seed(List<Entry> entries) {
        write(() -> {
            for (Entry e : entries) {
                if (e.kind() == Entry.Kind.TOKEN) {
                    blocking.setex(JTI + e.key(), Math.max(1, e.ttlSeconds()), "1");
                } else {
                    blocking.setex(NBF + e.key(), Math.max(1, e.ttlSeconds()), Long.toString(e.value()));
                }
            }
            blocking.set(MARKER, "1");
        });
    }

    @Override
    public Uni<Void> ping() {
        return reactiveDs.execute("PING").replaceWithVoid();
    }

    private static void write(Runnable op) {
        try {
            op.run();
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("Redis unreachable for a revocation write", e);
        }
    }
}
