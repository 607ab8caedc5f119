package dev.gatehouse.password;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashes new passwords with argon2id (PHC strings) and verifies argon2id and legacy bcrypt hashes.
 * All work runs on the bounded {@link HashingPool}, never on the caller's thread.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern ARGON2_PARAMS = Pattern.compile("^\\$argon2(id|i|d)\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");

    private final HashingPool pool;
    private final Argon2Function argon2;
    private final PasswordConfig config;
    private final Counter verifications;
    /** A hash of a random password, verified when the account does not exist so timing matches. */
    private final String dummyHash;

    public PasswordHasher(HashingPool pool, PasswordConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.argon2 = Argon2Function.getInstance(config.argon2MemoryKib(), config.argon2Iterations(),
                config.argon2Parallelism(), HASH_BYTES, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        this.verifications = Counter.builder("gatehouse.password.verifications")
                .description("Password verifications performed, real or against the dummy hash")
                .register(registry);
        this.dummyHash = Password.hash(java.util.UUID.randomUUID().toString()).addRandomSalt(SALT_BYTES).with(argon2).getResult();
    }

    /** A new argon2id PHC string for {@code password}. */
    public String hash(String password) {
        return pool.run(() -> Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult());
    }

    /**
     * Whether {@code password} matches {@code storedHash}. With a {@code null} hash (unknown account,
     * account without a password) it verifies against a dummy hash and answers false, so the caller
     * takes as long either way.
     */
    public boolean verify(String password, String storedHash) {
        verifications.increment();
        if (storedHash == null) {
            pool.run(() -> Password.check(password, dummyHash).with(argon2));
            return false;
        }
        if (isBcrypt(storedHash)) {
            return pool.run(() -> BcryptUtil.matches(password, storedHash));
        }
        if (storedHash.startsWith("$argon2")) {
            return pool.run(() -> Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash)));
        }
        // Unknown format: spend the same time, never match.
        pool.run(() -> Password.check(password, dummyHash).with(argon2));
        return false;
    }

    /** True for bcrypt, other argon2 variants, and argon2id weaker than configured. */
    public boolean needsRehash(String storedHash) {
        if (storedHash == null) {
            return false;
        }
        Matcher m = ARGON2_PARAMS.matcher(storedHash);
        if (!m.find()) {
            return true;
        }
        return !"id".equals(m.group(1))
                || Integer.parseInt(m.group(3)) < config.argon2MemoryKib()
                || Integer.parseInt(m.group(4)) < config.argon2Iterations()
                || Integer.parseInt(m.group(5)) < config.argon2Parallelism();
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }
}
