package dev.gatehouse.password;

import dev.gatehouse.common.DependencyUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool every password hash runs on. A flood of logins fills the queue and then gets
 * 503 rather than taking all memory (threads x argon2 memory) or all worker threads.
 */
@ApplicationScoped
public class HashingPool {

    private final ThreadPoolExecutor executor;
    private final long timeoutMillis;
    private final int threads;
    /** The nice value the pool's threads run at, as the kernel reports it; 0 where it cannot be read. */
    private final AtomicInteger lowered = new AtomicInteger();
    /** The scheduling policy the pool's threads run under, as the kernel reports it (0 normal, 5 idle; -1 unread). */
    private final AtomicInteger policy = new AtomicInteger(-1);
    /** Jobs that ran to the end on a pool thread: the proof that hash work was done, not only asked for. */
    private final Counter completed;

    public HashingPool(PasswordConfig config, MeterRegistry registry) {
        int threads = config.hashingThreads().orElse(defaultThreads(Runtime.getRuntime().availableProcessors(),
                config.hashingMemoryMib(), config.argon2MemoryKib()));
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        int nice = Math.max(0, Math.min(19, config.hashingNice()));
        boolean idle = config.hashingIdlePolicy();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.hashingQueue()), r -> {
                    Thread t = new Thread(() -> {
                        // Each thread lowers its own priority (the nice value is per thread on Linux).
                        HashingPriority.lower(nice);
                        if (idle) {
                            HashingPriority.idle();
                        }
                        Integer now = HashingPriority.currentNice();
                        if (now != null) {
                            lowered.set(now);
                        }
                        Integer runsUnder = HashingPriority.currentPolicy();
                        if (runsUnder != null) {
                            policy.set(runsUnder);
                        }
                        r.run();
                    }, "gatehouse-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        // Started now, so each has lowered its priority before the first login needs it.
        executor.prestartAllCoreThreads();
        this.timeoutMillis = config.hashingTimeout().toMillis();
        this.completed = Counter.builder("gatehouse.password.hashing.completed")
                .description("Hashing jobs (hash or verify, real or dummy) that ran to the end on the hashing pool")
                .register(registry);
    }

    /** One thread per core, as many as {@code budgetMib} holds at {@code argon2Kib} each, at least one. */
    static int defaultThreads(int cores, int budgetMib, int argon2Kib) {
        long byMemory = (long) budgetMib * 1024 / Math.max(1, argon2Kib);
        return (int) Math.max(1, Math.min(cores, byMemory));
    }

    /** The nice value hashing runs at (0 as a rule means: not lowered, not possible here, or unreadable). */
    public int nice() {
        return lowered.get();
    }

    /** {@code idle} when the pool's threads run under SCHED_IDLE, {@code normal} under the normal policy, {@code unknown} where unreadable. */
    public String scheduling() {
        int p = policy.get();
        return p == HashingPriority.SCHED_IDLE ? "idle" : p == 0 ? "normal" : p < 0 ? "unknown" : "policy-" + p;
    }

    /** Threads that hash at once. */
    public int threads() {
        return threads;
    }

    /** Runs {@code job} on the pool and waits for it; 503 when the pool is saturated or too slow. */
    public <T> T run(Callable<T> job) {
        Future<T> future;
        try {
            future = executor.submit(() -> {
                T result = job.call();
                completed.increment();
                return result;
            });
        } catch (RejectedExecutionException e) {
            throw new DependencyUnavailableException("password hashing pool is saturated", null);
        }
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted while hashing", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DependencyUnavailableException("password hashing timed out", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("password hashing failed", cause);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
