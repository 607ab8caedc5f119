package dev.gatehouse.password;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Computes and checks argon2 PHC strings ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, 16-byte
 * salt, 32-byte hash, UTF-8 password bytes). Two implementations of one format: libargon2 through
 * argon2-jvm (JNA) where it loads, password4j (pure Java) otherwise; each reads what the other
 * writes ({@code Argon2EngineTest} checks both directions). Callers run these on the
 * {@link HashingPool}.
 */
public interface Argon2Engine {

    /** 16 bytes of salt, as password4j and argon2-jvm default to. */
    int SALT_BYTES = 16;
    /** 32 bytes of hash. */
    int HASH_BYTES = 32;

    /** {@code native} (libargon2) or {@code java} (password4j). */
    String name();

    /** A new argon2id PHC string of {@code password} with a random salt. */
    String hash(String password, int memoryKib, int iterations, int parallelism);

    /** Whether {@code password} matches {@code phc} (argon2id, argon2i or argon2d). Throws on a string it cannot read. */
    boolean verify(String password, String phc);

    /**
     * The native engine when {@code preferNative} and libargon2 loads and computes a known answer
     * (RFC 9106's parameters are too large for a start-up check; a tiny one is checked against
     * password4j instead); the Java engine otherwise.
     */
    static Argon2Engine select(boolean preferNative) {
        Logger log = Logger.getLogger(Argon2Engine.class);
        Argon2Engine java = new Java();
        if (!preferNative) {
            log.info("argon2id by password4j (gatehouse.password.native-argon2=false)");
            return java;
        }
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            log.info("argon2id by password4j (native image)");
            return java;
        }
        try {
            Argon2Engine nat = new Native();
            String probe = nat.hash("probe", 8, 1, 1);
            if (!java.verify("probe", probe) || !nat.verify("probe", java.hash("probe", 8, 1, 1))) {
                log.warn("argon2id by password4j: libargon2 disagrees with password4j on a probe hash");
                return java;
            }
            log.info("argon2id by libargon2 (argon2-jvm, native)");
            return nat;
        } catch (Throwable e) {
            log.infof("argon2id by password4j: libargon2 does not load here (%s)", e.getClass().getSimpleName());
            return java;
        }
    }

    /** libargon2 (the reference implementation) through argon2-jvm. */
    final class Native implements Argon2Engine {
        private final Argon2Advanced id = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
        private final Argon2Advanced i = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2i, SALT_BYTES, HASH_BYTES);
        private final Argon2Advanced d = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2d, SALT_BYTES, HASH_BYTES);

        @Override
        public String name() {
            return "native";
        }

        @Override
        public String hash(String password, int memoryKib, int iterations, int parallelism) {
            byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
            try {
                return id.hash(iterations, memoryKib, parallelism, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }

        @Override
        public boolean verify(String password, String phc) {
            Argon2Advanced engine = phc.startsWith("$argon2id$") ? id : phc.startsWith("$argon2i$") ? i
                    : phc.startsWith("$argon2d$") ? d : null;
            if (engine == null) {
                throw new IllegalArgumentException("not an argon2 hash");
            }
            byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
            try {
                return engine.verify(phc, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /** password4j, pure Java. */
    final class Java implements Argon2Engine {
        @Override
        public String name() {
            return "java";
        }

        @Override
        public String hash(String password, int memoryKib, int iterations, int parallelism) {
            Argon2Function f = Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID,
                    Argon2Function.ARGON2_VERSION_13);
            return Password.hash(password).addRandomSalt(SALT_BYTES).with(f).getResult();
        }

        @Override
        public boolean verify(String password, String phc) {
            return Password.check(password, phc).with(Argon2Function.getInstanceFromHash(phc));
        }
    }
}
