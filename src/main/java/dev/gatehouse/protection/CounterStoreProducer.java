package dev.gatehouse.protection;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.RedisBreaker;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Redis with an in-process fallback, or in-process only in the embedded default. */
@ApplicationScoped
public class CounterStoreProducer {

    @Produces
    @ApplicationScoped
    CounterStore counters(GatehouseConfig config, Instance<RedisDataSource> redis, Instance<RedisBreaker> breaker) {
        return switch (config.store()) {
            case REDIS -> new ResilientCounterStore(new RedisCounterStore(redis.get(), breaker.get()), new InMemoryCounterStore());
            case MEMORY -> new InMemoryCounterStore();
        };
    }
}
