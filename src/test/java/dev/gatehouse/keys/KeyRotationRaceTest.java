package dev.gatehouse.keys;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rotation decision is taken once however many callers (instances' jobs) take it at the same
 * moment: the row lock serialises them, and each later one sees the successor already made.
 */
@QuarkusTest
@TestProfile(KeyRotationRaceProfile.class)
class KeyRotationRaceTest {

    @Inject
    KeyRotationService rotation;

    @Test
    void rotateWhenEightCallersAtOnceThenOneSuccessor() throws Exception {
        Instant latest = QuarkusTransaction.requiringNew().call(() ->
                SigningKey.<SigningKey>list("order by activateAt desc").get(0).activateAt);
        // Due for everyone at once: far enough ahead that every live key is due for rotation.
        Instant due = latest.plus(Duration.ofDays(400)).truncatedTo(ChronoUnit.MICROS);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return rotation.rotate(due, false);
                }));
            }
            go.countDown();
            for (Future<Boolean> f : calls) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long successors = QuarkusTransaction.requiringNew().call(() -> SigningKey.count("activateAt > ?1", due));
        assertEquals(1, successors);
    }
}
