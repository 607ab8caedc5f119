package dev.gatehouse.common;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One circuit breaker for every Redis call of this instance. A call that fails (refused, reset,
 * timed out) opens it for {@code gatehouse.redis.open-for}; while open, calls fail at once with
 * {@link DependencyUnavailableException} instead of each waiting for its timeout, so a slow or
 * blackholed Redis cannot hold worker threads or requests. After that time the next call tries
 * Redis again; a failure opens it again. Callers decide what failing means: revocation checks fail
 * closed (503), rate limits fall back to this instance's own counters.
 */
@ApplicationScoped
public class RedisBreaker {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RedisBreaker.class);

    private final AtomicLong openUntilNanos = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final long openForNanos;
    private final Duration timeout;

    public RedisBreaker(RedisConfig config) {
        this.openForNanos = config.openFor().toNanos();
        this.timeout = config.timeout();
    }

    /** Whether calls are being refused right now. */
    public boolean isOpen() {
        long until = openUntilNanos.get();
        return until != 0 && System.nanoTime() - until < 0;
    }

    /** How many times the breaker has opened since start (for tests and metrics). */
    public long timesOpened() {
        return opened.get();
    }

    /** Runs a blocking Redis call through the breaker. */
    public <T> T call(Supplier<T> op) {
        if (isOpen()) {
            throw new DependencyUnavailableException("Redis circuit open", null);
        }
        try {
            T result = op.get();
            close();
            return result;
        } catch (RuntimeException e) {
            trip(e);
            throw e instanceof DependencyUnavailableException d ? d : new DependencyUnavailableException("Redis call failed", e);
        }
    }

    /** Runs a reactive Redis call through the breaker, failing after the configured timeout. */
    public <T> Uni<T> callAsync(Supplier<Uni<T>> op) {
        if (isOpen()) {
            return Uni.createFrom().failure(new DependencyUnavailableException("Redis circuit open", null));
        }
        Uni<T> call = Uni.createFrom().<T>deferred(() -> op.get());
        if (!timeout.isZero()) {
            call = call.ifNoItem().after(timeout).fail();
        }
        return call
                .onItem().invoke(x -> close())
                .onFailure().transform(e -> {
                    trip(e);
                    return e instanceof DependencyUnavailableException ? e : new DependencyUnavailableException("Redis call failed", e);
                });
    }

    private void close() {
        if (openUntilNanos.get() != 0) {
            openUntilNanos.set(0);
        }
    }

    private void trip(Throwable cause) {
        boolean wasClosed = !isOpen();
        openUntilNanos.set(System.nanoTime() + openForNanos);
        opened.incrementAndGet();
        if (wasClosed) {
            LOG.warnf("A Redis call failed (%s); Redis calls fail at once for the next %d ms", cause.toString(),
                    openForNanos / 1_000_000);
        }
    }
}
