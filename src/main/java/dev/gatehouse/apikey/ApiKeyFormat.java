package dev.gatehouse.apikey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The key format: {@code gk_} + 43 base62 characters (256 random bits) + 6 base62 characters of the
 * CRC32 of everything before them; 52 characters in all. The prefix lets secret scanners find a
 * leaked key, and the checksum lets a mistyped or made-up key be refused before any lookup.
 */
public final class ApiKeyFormat {

    public static final String PREFIX = "gk_";
    static final int BODY = 43;
    static final int CHECK = 6;
    public static final int LENGTH = PREFIX.length() + BODY + CHECK;
    /** How much of a key is kept in clear to show in lists ({@code gk_} + 6 characters, 36 of its 256 bits). */
    static final int SHOWN = PREFIX.length() + 6;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private ApiKeyFormat() {
    }

    /** A new key: every body character drawn uniformly (rejection sampling), so 43 × log2(62) ≈ 256 bits. */
    public static String generate(SecureRandom random) {
        StringBuilder b = new StringBuilder(LENGTH).append(PREFIX);
        byte[] buf = new byte[64];
        while (b.length() < PREFIX.length() + BODY) {
            random.nextBytes(buf);
            for (int i = 0; i < buf.length && b.length() < PREFIX.length() + BODY; i++) {
                int v = buf[i] & 0x3F;
                if (v < 62) {
                    b.append(ALPHABET.charAt(v));
                }
            }
        }
        return b.append(checksum(b)).toString();
    }

    /** Whether {@code s} looks like one of our keys: prefix, length, alphabet and checksum. No I/O. */
    public static boolean wellFormed(String s) {
        if (s == null || s.length() != LENGTH || !s.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return checksum(s.subSequence(0, LENGTH - CHECK)).contentEquals(s.subSequence(LENGTH - CHECK, LENGTH));
    }

    /** Whether {@code s} claims to be a key (starts with the prefix), well formed or not. */
    public static boolean claimsToBeKey(String s) {
        return s != null && s.startsWith(PREFIX);
    }

    static String shown(String key) {
        return key.substring(0, SHOWN);
    }

    private static String checksum(CharSequence s) {
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[CHECK];
        for (int i = CHECK - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }
}
