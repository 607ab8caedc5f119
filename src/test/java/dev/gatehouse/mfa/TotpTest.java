package dev.gatehouse.mfa;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6238 appendix B test vectors, the window of one step either side, and base32. */
class TotpTest {

    /** The RFC's seeds: ASCII "1234567890" repeated to the hash's length. */
    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = "1234567890123456789012345678901234567890123456789012345678901234"
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void codeWhenRfc6238VectorsThenTheRfcsCodes() {
        // time (s) -> {SHA-1, SHA-256, SHA-512}, 8 digits, from RFC 6238 appendix B.
        Map<Long, String[]> vectors = Map.of(
                59L, new String[]{"94287082", "46119246", "90693936"},
                1111111109L, new String[]{"07081804", "68084774", "25091201"},
                1111111111L, new String[]{"14050471", "67062674", "99943326"},
                1234567890L, new String[]{"89005924", "91819424", "93441116"},
                2000000000L, new String[]{"69279037", "90698825", "38618901"},
                20000000000L, new String[]{"65353130", "77737706", "47863826"});
        vectors.forEach((time, codes) -> {
            long step = Totp.step(Instant.ofEpochSecond(time));
            assertEquals(codes[0], Totp.code(SHA1_SEED, step, 8), "SHA-1 at " + time);
            assertEquals(codes[1], Totp.code(SHA256_SEED, step, 8, "HmacSHA256"), "SHA-256 at " + time);
            assertEquals(codes[2], Totp.code(SHA512_SEED, step, 8, "HmacSHA512"), "SHA-512 at " + time);
        });
    }

    @Test
    void codeWhenSixDigitsThenTheLastSixOfTheRfcsCode() {
        // Truncation to 6 digits is the same number mod 10^6: 94287082 -> 287082.
        assertEquals("287082", Totp.code(SHA1_SEED, Totp.step(Instant.ofEpochSecond(59)), 6));
        assertEquals("081804", Totp.code(SHA1_SEED, Totp.step(Instant.ofEpochSecond(1111111109)), 6));
    }

    @Test
    void matchingStepWhenOneStepEitherSideThenAcceptedWhenTwoThenRefused() {
        Instant now = Instant.ofEpochSecond(1_700_000_015L);
        long step = Totp.step(now);
        for (int offset = -1; offset <= 1; offset++) {
            String code = Totp.code(SHA1_SEED, step + offset, 6);
            assertEquals(step + offset, Totp.matchingStep(SHA1_SEED, code, now).orElseThrow(), "offset " + offset);
        }
        for (int offset : new int[]{-3, -2, 2, 3}) {
            String code = Totp.code(SHA1_SEED, step + offset, 6);
            // A code of a far step may by chance equal one inside the window; then it *is* that step's code.
            boolean collides = false;
            for (int w = -1; w <= 1; w++) {
                collides |= code.equals(Totp.code(SHA1_SEED, step + w, 6));
            }
            assertTrue(collides || Totp.matchingStep(SHA1_SEED, code, now).isEmpty(), "offset " + offset);
        }
    }

    @Test
    void matchingStepWhenMalformedThenNothing() {
        Instant now = Instant.ofEpochSecond(59);
        for (String bad : new String[]{null, "", "28708", "2870822", "28708a", " 287082", "２８７０８２", "287082\n"}) {
            assertTrue(Totp.matchingStep(SHA1_SEED, bad, now).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void base32WhenRfc4648VectorsThenRoundTrips() {
        Map<String, String> vectors = Map.of("", "", "f", "MY", "fo", "MZXQ", "foo", "MZXW6", "foob", "MZXW6YQ",
                "fooba", "MZXW6YTB", "foobar", "MZXW6YTBOI");
        vectors.forEach((plain, encoded) -> {
            assertEquals(encoded, Base32.encode(plain.getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals(plain.getBytes(StandardCharsets.US_ASCII), Base32.decode(encoded.toLowerCase()));
        });
    }
}
