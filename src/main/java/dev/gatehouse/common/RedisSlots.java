package dev.gatehouse.common;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster hash slots (CRC16/XMODEM of the key's hash tag, modulo 16384, as the cluster
 * specification defines them), and for every slot a short tag that lands in it. A capability that
 * must keep a per-slot marker next to its keys (so that one MGET reads both) uses {@link #tagFor}.
 */
public final class RedisSlots {

    public static final int SLOTS = 16384;
    private static final int[] TABLE = new int[256];
    private static final String[] TAGS = new String[SLOTS];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
        int found = 0;
        for (long n = 0; found < SLOTS; n++) {
            String tag = Long.toString(n, 36);
            int slot = crc16(tag.getBytes(StandardCharsets.US_ASCII)) % SLOTS;
            if (TAGS[slot] == null) {
                TAGS[slot] = tag;
                found++;
            }
        }
    }

    private RedisSlots() {
    }

    /** The slot of {@code key}: of its hash tag ({@code {...}}, when present and non-empty), else of the whole key. */
    public static int slot(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                key = key.substring(open + 1, close);
            }
        }
        return crc16(key.getBytes(StandardCharsets.UTF_8)) % SLOTS;
    }

    /** A tag whose slot is {@code slot}: the key {@code "x:{" + tagFor(s) + "}:y"} lives in slot {@code s}. */
    public static String tagFor(int slot) {
        return TAGS[slot];
    }

    static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
