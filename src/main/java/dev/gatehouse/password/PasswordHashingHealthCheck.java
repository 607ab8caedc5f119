package dev.gatehouse.password;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Always up; its details say which argon2id engine hashes ({@code native} or {@code java}) the pool's size and
 * the nice value and scheduling policy ({@code idle} or {@code normal}) its threads run at. */
@Readiness
@ApplicationScoped
public class PasswordHashingHealthCheck implements HealthCheck {

    private final PasswordHasher hasher;
    private final HashingPool pool;
    private final PasswordConfig config;

    public PasswordHashingHealthCheck(PasswordHasher hasher, HashingPool pool, PasswordConfig config) {
        this.hasher = hasher;
        this.pool = pool;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("password-hashing").up()
                .withData("argon2id", hasher.engine())
                .withData("threads", pool.threads())
                .withData("memory-kib", config.argon2MemoryKib())
                .withData("nice", pool.nice())
                .withData("scheduling", pool.scheduling())
                .build();
    }
}
