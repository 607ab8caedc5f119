package dev.gatehouse;

import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Traffic kept up on a few threads while a test breaks a dependency: each thread runs its body
 * again and again until {@link #close}, and every answer it checks with {@link #expect} must be
 * the expected status or a 503 with {@code Retry-After} (failing closed). Whatever else came back
 * is in {@link #wrong()}.
 */
public final class LoadUnderFault implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger rounds = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final List<Future<?>> workers = new ArrayList<>();

    private LoadUnderFault(int threads) {
        this.pool = Executors.newFixedThreadPool(threads);
    }

    /** {@code threads} threads, each running {@code body(this, its index)} until closed. */
    public static LoadUnderFault start(int threads, BiConsumer<LoadUnderFault, Integer> body) {
        LoadUnderFault load = new LoadUnderFault(threads);
        for (int t = 0; t < threads; t++) {
            int index = t;
            load.workers.add(load.pool.submit(() -> {
                while (load.running.get()) {
                    load.rounds.incrementAndGet();
                    body.accept(load, index);
                }
            }));
        }
        return load;
    }

    /** Records {@code r} as wrong unless it is {@code ok}, or 503 with Retry-After. */
    public void expect(String what, Response r, int ok) {
        if (r.statusCode() != ok && !(r.statusCode() == 503 && r.header("Retry-After") != null)) {
            wrong.add(what + ": " + r.statusCode() + " " + r.asString());
        }
    }

    /** Rounds started so far, over all threads. */
    public int rounds() {
        return rounds.get();
    }

    /** The unexpected answers (call after {@link #close}). */
    public List<String> wrong() {
        return List.copyOf(wrong);
    }

    /** Stops the threads and waits for their last round. */
    @Override
    public void close() throws Exception {
        running.set(false);
        try {
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
