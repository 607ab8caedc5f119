package dev.gatehouse.passkey;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.RedisBreaker;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Picks the ceremony store from {@code gatehouse.store}. */
@ApplicationScoped
public class PasskeyChallengeStoreProducer {

    @Produces
    @ApplicationScoped
    PasskeyChallengeStore store(GatehouseConfig config, Instance<RedisDataSource> redis, Instance<RedisBreaker> breaker, Clock clock) {
        return switch (config.store()) {
            case REDIS -> new RedisPasskeyChallengeStore(redis.get(), breaker.get());
            case MEMORY -> new InMemoryPasskeyChallengeStore(clock);
        };
    }
}
