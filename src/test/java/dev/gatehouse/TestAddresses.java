package dev.gatehouse;

import java.security.SecureRandom;
import java.util.StringJoiner;

/**
 * Client addresses for tests that pick their own (behind the trusted test proxy 127.0.0.1).
 * Limits are shared through Redis by every test class of a run and live for their window after
 * it: an address picked from a small range (a few thousand IPv4 hosts) now and then meets one
 * another test spent a minute ago and gets a 429 it did not earn. These come from the IPv6
 * documentation range {@code 2001:db8::/32} with 96 random bits, so two never meet; each group
 * is four hex digits without a leading zero, which is already the form the service writes.
 */
public final class TestAddresses {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestAddresses() {
    }

    /** A client address nobody else in the run uses. */
    public static String fresh() {
        StringJoiner s = new StringJoiner(":", "2001:db8:", "");
        for (int i = 0; i < 6; i++) {
            s.add(Integer.toHexString(0x1000 + RANDOM.nextInt(0xf000)));
        }
        return s.toString();
    }
}
