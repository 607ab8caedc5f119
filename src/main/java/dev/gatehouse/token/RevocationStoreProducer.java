package dev.gatehouse.token;

import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.RedisBreaker;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Picks the revocation store from {@code gatehouse.store}; Redis clients are created only when used. */
@ApplicationScoped
public class RevocationStoreProducer {

    @Produces
    @ApplicationScoped
    RevocationStore store(GatehouseConfig config, Instance<ReactiveRedisDataSource> reactive,
                          Instance<RedisDataSource> blocking, Clock clock,
                          Instance<RedisBreaker> breaker,
                          @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        return switch (config.store()) {
            case REDIS -> new RedisRevocationStore(reactive.get(), blocking.get(), breaker.get(),
                    "cluster".equalsIgnoreCase(clientType));
            case MEMORY -> new InMemoryRevocationStore(clock);
        };
    }
}
