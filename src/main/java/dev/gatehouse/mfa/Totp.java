package dev.gatehouse.mfa;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * RFC 6238 time-based one-time passwords (HOTP of RFC 4226 over the time step): HMAC-SHA-1, 30 s
 * steps from the Unix epoch, {@link #DIGITS} digits. Pure functions; which step was used last is
 * {@link MfaService}'s business.
 */
public final class Totp {

    /** Seconds per time step (RFC 6238's X). */
    public static final long STEP_SECONDS = 30;
    /** Digits of a code shown by authenticator apps. */
    public static final int DIGITS = 6;
    /** Steps accepted either side of now: one (RFC 6238 section 5.2 recommends at most one). */
    public static final int WINDOW = 1;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    /** The time step that {@code at} falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of {@code step} with {@code digits} digits (zero-padded), HMAC-SHA-1 as RFC 6238's reference. */
    public static String code(byte[] secret, long step, int digits) {
        return code(secret, step, digits, "HmacSHA1");
    }

    /** As {@link #code(byte[], long, int)} with another HMAC (the RFC's test vectors also cover SHA-256 and SHA-512). */
    static String code(byte[] secret, long step, int digits, String algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
                    | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
            String digitsOnly = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - digitsOnly.length()) + digitsOnly;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step within {@link #WINDOW} of {@code now}'s whose code is {@code presented}, or empty.
     * Every step of the window is computed and compared in constant time, so the timing tells
     * nothing about which step matched. A malformed code is simply not found.
     */
    public static OptionalLong matchingStep(byte[] secret, String presented, Instant now) {
        if (!wellFormed(presented)) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long found = Long.MIN_VALUE;
        byte[] given = presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (long s = current - WINDOW; s <= current + WINDOW; s++) {
            byte[] expected = code(secret, s, DIGITS).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given) && found == Long.MIN_VALUE) {
                found = s;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** Six ASCII digits. */
    static boolean wellFormed(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
