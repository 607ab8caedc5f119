package dev.gatehouse.password;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;

/** Password hashing and password rules. */
@ConfigMapping(prefix = "gatehouse.password")
public interface PasswordConfig {

    /** Argon2id memory cost in KiB (OWASP minimum: 19456 = 19 MiB). */
    @WithDefault("19456")
    int argon2MemoryKib();

    /** Argon2id iterations (time cost). */
    @WithDefault("2")
    int argon2Iterations();

    /** Argon2id lanes. */
    @WithDefault("1")
    int argon2Parallelism();

    /**
     * Threads that may hash at once; memory in use is at most this times the memory cost. Default: the
     * number of cores, but no more than {@link #hashingMemoryMib()} allows at the memory cost.
     */
    OptionalInt hashingThreads();

    /**
     * Memory the hashing pool may hold at once (MiB), when {@link #hashingThreads()} is not set: the
     * default thread count is at most this divided by the argon2 memory cost (at least one thread).
     * Native argon2 takes it outside the Java heap, password4j inside it.
     */
    @WithDefault("128")
    int hashingMemoryMib();

    /** Hash with libargon2 (argon2-jvm) where it loads; password4j otherwise, and always with {@code false}. Same PHC strings either way. */
    @WithDefault("true")
    boolean nativeArgon2();

    /** Hash jobs that may wait for a thread; past this a request gets 503 instead of queueing forever. */
    @WithDefault("64")
    int hashingQueue();

    /**
     * Nice value (0-19) of the hashing threads on Linux. Hash work then yields a core to the event
     * loop and the workers whenever they have something to do (so bearer checks keep their latency
     * while a login flood fills the pool) and still takes every idle cycle (so logins alone run at
     * the full hash rate). 0 leaves them at the priority of the rest of the service.
     */
    @WithDefault("10")
    int hashingNice();

    /**
     * Run the hashing threads under Linux's {@code SCHED_IDLE} scheduling policy: they take only
     * cycles no other thread of the service, PostgreSQL or Redis wants, and a waking event loop or
     * worker preempts them at once (at nice 10 alone it may wait for the rest of a slice). Bearer
     * checks then keep their latency during a login flood; logins alone still run at the full hash
     * rate; under a load that fills the cores with checks, logins get what is left (the rate given up
     * is in docs/performance.md). {@code false}: the nice value alone. Needs no privilege; where it
     * cannot be set (not Linux, a native image) the nice value is what applies.
     */
    @WithDefault("true")
    boolean hashingIdlePolicy();

    /** Longest a request waits for its hash before it gets 503. */
    @WithDefault("10s")
    Duration hashingTimeout();

    /** Fewest characters (Unicode code points) a password may have. */
    @WithDefault("8")
    int minLength();

    /** Most characters a password may have; checked before any hashing. */
    @WithDefault("128")
    int maxLength();

    /** Lowest zxcvbn strength score (0-4) a new password must reach. */
    @WithDefault("2")
    int minStrength();

    /** Also refuse passwords found in Have I Been Pwned (k-anonymity range API: only 5 hex chars of a SHA-1 leave). */
    @WithDefault("false")
    boolean hibpEnabled();

    /** Base URL of the range API. */
    @WithDefault("https://api.pwnedpasswords.com")
    String hibpUrl();

    /** Longest wait for the range API; past it, or on an error, the request gets 503 (fails closed). */
    @WithDefault("3s")
    Duration hibpTimeout();
}
