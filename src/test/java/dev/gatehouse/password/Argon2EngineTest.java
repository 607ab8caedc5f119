package dev.gatehouse.password;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libargon2 (argon2-jvm) and password4j write the same PHC strings and read each other's, at the default parameters. */
class Argon2EngineTest {

    private static final Pattern PHC = Pattern.compile("^\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$");
    // Not the empty password: password4j and libargon2 disagree on it, and no stored hash can be of
    // one (the policy wants 8 characters, and the same engine verifies what it hashed).
    private static final String[] PASSWORDS = {"Quiet-Harbor-7391", "Cr\u00e8me-Br\u00fbl\u00e9e-\u20ac-\ud83d\udd11", "a"};

    private final Argon2Engine nat = new Argon2Engine.Native();
    private final Argon2Engine java = new Argon2Engine.Java();

    @Test
    void selectWhenLibargon2LoadsThenNative() {
        assertEquals("native", Argon2Engine.select(true).name());
        assertEquals("java", Argon2Engine.select(false).name());
    }

    @Test
    void verifyWhenHashedNativeThenJavaAccepts() {
        for (String p : PASSWORDS) {
            String phc = nat.hash(p, 19456, 2, 1);
            assertTrue(PHC.matcher(phc).matches(), phc);
            assertTrue(java.verify(p, phc), p);
            assertFalse(java.verify(p + "x", phc), p);
        }
    }

    @Test
    void verifyWhenHashedJavaThenNativeAccepts() {
        for (String p : PASSWORDS) {
            String phc = java.hash(p, 19456, 2, 1);
            assertTrue(PHC.matcher(phc).matches(), phc);
            assertTrue(nat.verify(p, phc), p);
            assertFalse(nat.verify(p + "x", phc), p);
        }
    }

    @Test
    void verifyWhenOtherVariantsAndParametersThenBothAgree() {
        // argon2i and v=16 hashes made by password4j (older rows) read the same in libargon2.
        for (String phc : new String[] {
                com.password4j.Password.hash("old-Harbor-1").addRandomSalt(16)
                        .with(com.password4j.Argon2Function.getInstance(4096, 3, 2, 32, com.password4j.types.Argon2.I, 0x10)).getResult(),
                com.password4j.Password.hash("old-Harbor-1").addRandomSalt(16)
                        .with(com.password4j.Argon2Function.getInstance(8192, 1, 1, 32, com.password4j.types.Argon2.ID, 0x13)).getResult()}) {
            assertTrue(nat.verify("old-Harbor-1", phc), phc);
            assertTrue(java.verify("old-Harbor-1", phc), phc);
            assertFalse(nat.verify("old-Harbor-2", phc), phc);
        }
    }
}
