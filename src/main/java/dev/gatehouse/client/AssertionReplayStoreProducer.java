package dev.gatehouse.client;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.RedisBreaker;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Picks the replay store from {@code gatehouse.store}. */
@ApplicationScoped
public class AssertionReplayStoreProducer {

    @Produces
    @ApplicationScoped
    AssertionReplayStore store(GatehouseConfig config, Instance<RedisDataSource> redis, Instance<RedisBreaker> breaker, Clock clock) {
        return switch (config.store()) {
            case REDIS -> new RedisAssertionReplayStore(redis.get(), breaker.get());
            case MEMORY -> new InMemoryAssertionReplayStore(clock);
        };
    }
}
