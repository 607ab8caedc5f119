package dev.gatehouse.common;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Runs a job's rounds on a worker thread, one at a time: {@link #kick} after a commit (or from a
 * timer) starts a round unless one is running, which then goes round once more; a round that
 * took a full batch is followed by another at once. The outbox sender and the lifecycle requests use it.
 */
public final class BackgroundRounds {

    private final ManagedExecutor executor;
    private final IntSupplier round;
    private final int batch;
    private final Logger log;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** {@code round} handles up to {@code batch} items and returns how many it took. */
    public BackgroundRounds(ManagedExecutor executor, IntSupplier round, int batch, Logger log) {
        this.executor = executor;
        this.round = round;
        this.batch = batch;
        this.log = log;
    }

    public void kick() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (again.getAndSet(false)) {
                while (round.getAsInt() == batch) {
                    // a full batch: there may be more
                }
            }
        } catch (RuntimeException e) {
            log.warn("Background round failed", e);
        } finally {
            running.set(false);
            if (again.get() && running.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }
    }
}
