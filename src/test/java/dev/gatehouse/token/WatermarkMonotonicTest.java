package dev.gatehouse.token;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 9, item 5: concurrent writers never move an account's not-before watermark backwards. */
@QuarkusTest
class WatermarkMonotonicTest {

    @Inject
    RevocationStore store;
    @Inject
    RedisDataSource redis;

    @Test
    void setNotBeforeWhenManyWritersRaceThenTheHighestWins() throws Exception {
        String account = UUID.randomUUID().toString();
        int n = 200;
        List<Long> values = new ArrayList<>();
        for (long v = 1; v <= n; v++) {
            values.add(1_800_000_000L + v);
        }
        Collections.shuffle(values);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (long v : values) {
            done.add(pool.submit(() -> {
                start.await();
                store.setNotBefore(account, v, 600, 0);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(Long.toString(1_800_000_000L + n), redis.value(String.class).get(RedisRevocationStore.watermarkKey(account)));
        // And a later, lower write changes nothing.
        store.setNotBefore(account, 1_800_000_000L, 600, 0);
        assertEquals(Long.toString(1_800_000_000L + n), redis.value(String.class).get(RedisRevocationStore.watermarkKey(account)));
    }
}
