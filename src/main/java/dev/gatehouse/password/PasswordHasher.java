package dev.gatehouse.password;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.gatehouse.common.Text;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashes new passwords with argon2id (PHC strings) and verifies argon2id and legacy bcrypt hashes.
 * All work runs on the bounded {@link HashingPool}, never on the caller's thread.
 *
 * <p>Passwords are hashed and verified in Unicode NFKC, as NIST SP 800-63B-4 (section 3.1.1.2)
 * asks: "the normalization process for stabilized strings using either the NFKC or NFKD
 * normalization" of UAX #15, before hashing. NFKC rather than NFKD: it is the form identifiers
 * already use here; it is what nearly every keyboard already produces (composed characters), so
 * existing hashes of such passwords match at the first try; and its UTF-8 is never longer than
 * NFKD's, which matters against bcrypt's 72-byte limit. Hashes made before normalisation keep
 * working: when the normalised form does not match and the typed form differs, the typed form is
 * tried, and a match there asks for a rehash (of the normalised form).
 *
 * <p>A stored hash that is malformed or of an unknown kind never matches and never fails the
 * request: it costs the same dummy verification as an unknown account. bcrypt reads only the first
 * 72 bytes of a password, so a candidate longer than that is never checked against a bcrypt hash
 * (it would match on its prefix alone) and so never upgraded from one.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern ARGON2_PARAMS = Pattern.compile("^\\$argon2(id|i|d)\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");
    /** A whole argon2 PHC string with parameters small enough to parse. */
    private static final Pattern ARGON2_HASH = Pattern.compile(
            "^\\$argon2(id|i|d)\\$v=(16|19)\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,3})\\$[A-Za-z0-9+/]{11,64}\\$[A-Za-z0-9+/]{16,128}$");
    /**
     * A whole bcrypt string: {@code $2a$}, {@code $2b$} and {@code $2y$} are one algorithm for
     * passwords under 256 bytes ($2b$ fixed a length wrap-around in OpenBSD's code, $2y$ is
     * crypt_blowfish's name for the correct $2a$). {@code $2x$} (crypt_blowfish's sign-extension
     * bug) and {@code $2$} are not verified.
     */
    private static final Pattern BCRYPT_HASH = Pattern.compile("^\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}$");
    /** bcrypt ignores every byte of the password past this many. */
    static final int BCRYPT_MAX_BYTES = 72;
    /** Largest argon2 costs a stored hash may ask for; beyond them it counts as malformed (one row must not take the pool's memory). */
    private static final int MAX_ARGON2_MEMORY_KIB = 262_144;
    private static final int MAX_ARGON2_ITERATIONS = 32;
    private static final int MAX_ARGON2_PARALLELISM = 16;

    /** The outcome of a verification: whether it matched, and whether the hash should be replaced by a new one. */
    public record Verification(boolean matches, boolean needsRehash) {
        static final Verification REFUSED = new Verification(false, false);
    }

    private enum Scheme { ARGON2, BCRYPT, UNUSABLE }

    private final HashingPool pool;
    private final Argon2Engine argon2;
    private final PasswordConfig config;
    private final Counter verifications;
    /** A hash of a random password, verified when the account does not exist so timing matches. */
    private final String dummyHash;

    public PasswordHasher(HashingPool pool, PasswordConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.argon2 = Argon2Engine.select(config.nativeArgon2());
        this.verifications = Counter.builder("gatehouse.password.verifications")
                .description("Password verifications performed, real or against the dummy hash")
                .register(registry);
        this.dummyHash = newHash(java.util.UUID.randomUUID().toString());
        io.micrometer.core.instrument.Gauge.builder("gatehouse.password.argon2.native", () -> "native".equals(argon2.name()) ? 1 : 0)
                .description("1 when argon2id runs in libargon2 (argon2-jvm), 0 when in password4j")
                .register(registry);
    }

    /** {@code native} (libargon2) or {@code java} (password4j): which engine hashes here. */
    public String engine() {
        return argon2.name();
    }

    private String newHash(String normalised) {
        return argon2.hash(normalised, config.argon2MemoryKib(), config.argon2Iterations(), config.argon2Parallelism());
    }

    /** The form a password is hashed and verified in (NFKC; see the class comment). */
    public static String normalise(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** A new argon2id PHC string for {@code password}, normalised. */
    public String hash(String password) {
        String normalised = normalise(password);
        return pool.run(() -> newHash(normalised));
    }

    /**
     * Whether {@code password} matches {@code storedHash}, and whether the hash should be replaced.
     * With a {@code null} hash (unknown account, account without a password), a malformed or unknown
     * one, or a password with an unpaired surrogate (no UTF-8 form, so it could collide with another)
     * it verifies against a dummy hash and answers no, so the caller takes as long either way.
     */
    public Verification verify(String password, String storedHash) {
        verifications.increment();
        String normalised = normalise(password);
        // The typed form too when it differs (hashes from before normalisation), on every path alike,
        // so the number of hash jobs does not tell a real account from an unknown one.
        List<String> candidates = normalised.equals(password) ? List.of(normalised) : List.of(normalised, password);
        Scheme scheme = Text.hasUnpairedSurrogate(password) ? Scheme.UNUSABLE : scheme(storedHash);
        for (int i = 0; i < candidates.size(); i++) {
            String candidate = candidates.get(i);
            boolean match = switch (scheme) {
                case ARGON2 -> argon2Matches(candidate, storedHash);
                case BCRYPT -> bcryptMatches(candidate, storedHash);
                case UNUSABLE -> dummy(candidate);
            };
            if (match) {
                return new Verification(true, i > 0 || needsRehash(storedHash));
            }
        }
        return Verification.REFUSED;
    }

    private static Scheme scheme(String storedHash) {
        if (storedHash == null) {
            return Scheme.UNUSABLE;
        }
        if (BCRYPT_HASH.matcher(storedHash).matches()) {
            return Scheme.BCRYPT;
        }
        Matcher m = ARGON2_HASH.matcher(storedHash);
        if (m.matches()) {
            int memory = Integer.parseInt(m.group(3));
            int iterations = Integer.parseInt(m.group(4));
            int parallelism = Integer.parseInt(m.group(5));
            if (parallelism >= 1 && parallelism <= MAX_ARGON2_PARALLELISM && iterations >= 1 && iterations <= MAX_ARGON2_ITERATIONS
                    && memory >= 8 * parallelism && memory <= MAX_ARGON2_MEMORY_KIB) {
                return Scheme.ARGON2;
            }
        }
        return Scheme.UNUSABLE;
    }

    private boolean argon2Matches(String candidate, String storedHash) {
        try {
            return pool.run(() -> argon2.verify(candidate, storedHash));
        } catch (dev.gatehouse.common.DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // A hash the library cannot read after all: a wrong password, after the same work.
            return dummy(candidate);
        }
    }

    /** Never past 72 bytes: bcrypt would compare the prefix only, and a truncated match must not count (nor be rehashed). */
    private boolean bcryptMatches(String candidate, String storedHash) {
        if (candidate.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            return dummy(candidate);
        }
        // elytron's bcrypt reads $2a$ and $2y$; $2b$ is the same algorithm under the name OpenBSD, Python and Node use.
        String readable = storedHash.startsWith("$2b$") ? "$2a$" + storedHash.substring(4) : storedHash;
        try {
            return pool.run(() -> BcryptUtil.matches(candidate, readable));
        } catch (dev.gatehouse.common.DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return dummy(candidate);
        }
    }

    /** The work of one verification against the dummy hash; never a match. */
    private boolean dummy(String candidate) {
        pool.run(() -> argon2.verify(candidate, dummyHash));
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
}
