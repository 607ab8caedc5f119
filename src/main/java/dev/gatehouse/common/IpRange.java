package dev.gatehouse.common;

import io.netty.util.NetUtil;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), or one
 * address ({@code 127.0.0.1}, {@code ::1}, written any way IPv6 allows). Only IP literals are
 * read, never a host name: nothing here ever asks DNS. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.0.0.1}) count as the IPv4 address they carry.
 */
public record IpRange(byte[] network, int prefixLength) {

    public IpRange {
        network = network.clone();
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** Parses {@code address} or {@code address/prefix}; {@link IllegalArgumentException} when it is neither. */
    public static IpRange parse(String text) {
        String s = text == null ? "" : text.trim();
        int slash = s.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + abbreviate(s));
        }
        boolean mapped = slash >= 0 && isMapped(s.substring(0, slash));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad prefix length in " + abbreviate(s));
            }
            prefix = Integer.parseInt(p);
            if (mapped) {
                // ::ffff:10.0.0.0/104 is 10.0.0.0/8.
                prefix -= 96;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in " + abbreviate(s));
            }
        }
        return new IpRange(mask(address, prefix), prefix);
    }

    /** Whether {@code address} (the bytes of {@link #parseAddress}) lies in this range. */
    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefixLength), network);
    }

    /**
     * The bytes of an IP literal (4 for IPv4, also for IPv4-mapped IPv6; 16 for IPv6), or null when
     * {@code text} is anything else (a host name, {@code unknown}, garbage). An IPv6 zone id is dropped.
     */
    public static byte[] parseAddress(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        byte[] b = NetUtil.createByteArrayFromIpAddressString(text);
        if (b != null && b.length == 16 && isMappedBytes(b)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return b;
    }

    /** The one textual form of an address (dotted quad, or RFC 5952 compressed IPv6). */
    public static String format(byte[] address) {
        return NetUtil.bytesToIpAddress(address);
    }

    private static boolean isMapped(String text) {
        byte[] b = NetUtil.createByteArrayFromIpAddressString(text);
        return b != null && b.length == 16 && isMappedBytes(b);
    }

    private static boolean isMappedBytes(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] m = address.clone();
        for (int i = 0; i < m.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            m[i] &= (byte) (0xff << (8 - keep));
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
