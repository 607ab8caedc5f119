package dev.gatehouse.keys;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;

/** At start and then every reload interval: rotate if due (under the database lock), then reload. */
@ApplicationScoped
public class KeyRotationJob {

    private static final Logger LOG = Logger.getLogger(KeyRotationJob.class);

    private final KeyRotationService rotation;
    private final KeyManager keys;
    private final Clock clock;

    public KeyRotationJob(KeyRotationService rotation, KeyManager keys, Clock clock) {
        this.rotation = rotation;
        this.keys = keys;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        long t0 = System.nanoTime();
        rotation.rotate(clock.instant(), false);
        long t1 = System.nanoTime();
        keys.reload();
        LOG.debugf("Signing keys ready: rotation check %d ms, load %d ms", (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }

    @Scheduled(every = "${gatehouse.keys.reload-interval}", delayed = "${gatehouse.keys.reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            rotation.rotate(clock.instant(), false);
            keys.reload();
        } catch (RuntimeException e) {
            LOG.warn("Signing-key rotation check failed; keeping the keys already loaded", e);
        }
    }
}
