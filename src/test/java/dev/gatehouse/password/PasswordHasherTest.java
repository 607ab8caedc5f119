package dev.gatehouse.password;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Legacy hash forms, NIST SP 800-63B-4 normalisation and bcrypt's 72-byte limit, at the hasher. */
@QuarkusTest
class PasswordHasherTest {

    /** Made by Python's bcrypt (pyca/bcrypt 4.x default prefix $2b$) for "correctbatteryhorsestapler". */
    static final String PYTHON_2B = "$2b$04$EGdrhbKUv8Oc9vGiXX0HQOxSg445d458Muh7DAHskb6QbtCvdxcie";
    /** Made by Apache's {@code htpasswd -B} ($2y$) for "foobar". */
    static final String HTPASSWD_2Y = "$2y$04$gJMIcys.lfgVjCJHje1nkOs4e7klgmoxWWEbaJK6p.jtww7BxDX1K";

    @Inject
    PasswordHasher hasher;

    @Test
    void verifyWhenBcrypt2bHashThenMatchesAndAsksForUpgrade() {
        PasswordHasher.Verification v = hasher.verify("correctbatteryhorsestapler", PYTHON_2B);
        assertTrue(v.matches());
        assertTrue(v.needsRehash());
        assertFalse(hasher.verify("correctbatteryhorsestaplers", PYTHON_2B).matches());
        assertTrue(hasher.verify("foobar", HTPASSWD_2Y).matches());
    }

    @Test
    void verifyWhenStoredHashMalformedOrUnknownThenWrongPasswordWithoutFailure() {
        String valid = BcryptUtil.bcryptHash("Quiet-Harbor-7391", 4);
        List<String> broken = List.of("", "plain-text", "$2b$10$short", "$2a$99$" + valid.substring(7), "$2b$04$" + "!".repeat(53),
                "$2x$" + valid.substring(4), "$2$04$" + valid.substring(7), "$2b$", "$1$abc$def", "$5$rounds=5000$x$y",
                "$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=19456,t=2,p=1$!!!$???", "$argon2id$garbage", "$argon2id$v=19$m=4,t=0,p=0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2x$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "{bcrypt}" + valid);
        for (String hash : broken) {
            PasswordHasher.Verification v = hasher.verify("Quiet-Harbor-7391", hash);
            assertFalse(v.matches(), hash);
            assertFalse(v.needsRehash(), hash);
        }
    }

    @Test
    void verifyWhenPasswordLongerThan72BytesAgainstBcryptThenRefusedEvenThoughPrefixMatches() {
        String prefix = "a".repeat(72);
        String hash = BcryptUtil.bcryptHash(prefix, 4);
        // bcrypt itself would accept this: it never reads past byte 72.
        assertTrue(BcryptUtil.matches(prefix + "and-more", hash));
        assertFalse(hasher.verify(prefix + "and-more", hash).matches());
        // 24 three-byte characters are 72 bytes: still checked; one more is not.
        String wide = "\u20ac".repeat(24);
        String wideHash = BcryptUtil.bcryptHash(wide, 4);
        assertTrue(hasher.verify(wide, wideHash).matches());
        assertFalse(hasher.verify(wide + "\u20ac", BcryptUtil.bcryptHash(wide + "\u20ac", 4)).matches());
        assertTrue(hasher.verify(prefix, hash).matches());
    }

    @Test
    void verifyWhenTypedDecomposedAgainstHashOfComposedThenMatches() {
        String composed = "Cr\u00e8me-Br\u00fbl\u00e9e-7391";
        String decomposed = "Cre\u0300me-Bru\u0302le\u0301e-7391";
        String hash = hasher.hash(composed);
        PasswordHasher.Verification v = hasher.verify(decomposed, hash);
        assertTrue(v.matches());
        assertFalse(v.needsRehash());
        assertTrue(hasher.verify(composed, hasher.hash(decomposed)).matches());
    }

    @Test
    void verifyWhenHashPredatesNormalisationThenTypedFormMatchesAndAsksForRehash() {
        String typed = "\uff31uiet-Harbor-\u2167-7391"; // full-width Q and the Roman numeral eight: NFKC changes both
        assertEquals("Quiet-Harbor-VIII-7391", PasswordHasher.normalise(typed));
        String legacy = Password.hash(typed).addRandomSalt(16)
                .with(Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID, 19)).getResult();
        PasswordHasher.Verification v = hasher.verify(typed, legacy);
        assertTrue(v.matches());
        assertTrue(v.needsRehash(), "a match of the typed form must be rehashed with the normalised form");
        assertTrue(hasher.verify("Quiet-Harbor-VIII-7391", hasher.hash(typed)).matches());
    }

    @Test
    void verifyWhenPasswordHasUnpairedSurrogateThenRefused() {
        // Java encodes an unpaired surrogate as '?', so without the check these two would be one password.
        String hash = hasher.hash("?Quiet-Harbor-7391");
        assertFalse(hasher.verify("\ud800Quiet-Harbor-7391", hash).matches());
        assertTrue(hasher.verify("?Quiet-Harbor-7391", hash).matches());
    }
}
