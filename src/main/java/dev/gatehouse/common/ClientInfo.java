package dev.gatehouse.common;

import io.vertx.core.http.HttpServerRequest;

import java.util.Collection;
import java.util.List;

/**
 * Where a request came from, for sessions, limits and audit records. Never holds a secret. Limits
 * per client address count under {@link #limitKey()} (an IPv6 client's /64), never {@link #address()}.
 */
public record ClientInfo(String address, String userAgent) {

    private static final int MAX_USER_AGENT = 256;
    private static final int MAX_UNPARSED_ADDRESS = 64;
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** Reverse proxies whose X-Forwarded-For is believed; set once at start (protection package). */
    private static volatile List<IpRange> trustedProxies = List.of();

    /**
     * Sets the trusted proxies: IP addresses or CIDR ranges, IPv4 or IPv6.
     *
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static void trustProxies(Collection<String> proxies) {
        trustedProxies = proxies.stream().filter(p -> p != null && !p.isBlank()).map(IpRange::parse).toList();
    }

    /** Whether the direct peer is a trusted proxy (whose forwarding headers are believed). */
    public static boolean fromTrustedProxy(HttpServerRequest request) {
        return request != null && request.remoteAddress() != null
                && trusted(IpRange.parseAddress(request.remoteAddress().hostAddress()));
    }

    private static boolean trusted(byte[] address) {
        if (address == null) {
            return false;
        }
        for (IpRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: the direct peer, unless that is a trusted proxy; then, walking
     * X-Forwarded-For from the right (across all its header lines, in order, as RFC 9110 joins
     * them), the first address that is not itself a trusted proxy. Every trusted proxy appends
     * the address it saw, so the hops right of the client are ours and everything left of it was
     * written by the client and is never read. A hop that is not an IP literal (a name,
     * {@code unknown}, garbage) ends the walk at the last good address, the trusted proxy that
     * wrote it: a client cannot pick its own limit key with it. When every hop is trusted, the
     * left-most one is the client. Addresses come in one textual form ({@code ::1}, never
     * {@code 0:0:0:0:0:0:0:1}), so one client has one limit key.
     */
    public static ClientInfo of(HttpServerRequest request) {
        if (request == null) {
            return new ClientInfo(null, null);
        }
        String ua = request.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(address(request), ua);
    }

    private static String address(HttpServerRequest request) {
        if (request.remoteAddress() == null) {
            return null;
        }
        String peerText = request.remoteAddress().hostAddress();
        byte[] peer = IpRange.parseAddress(peerText);
        if (peer == null) {
            // Not an IP peer (a Unix socket): keep what Vert.x says, bounded.
            return peerText == null || peerText.length() <= MAX_UNPARSED_ADDRESS ? peerText : peerText.substring(0, MAX_UNPARSED_ADDRESS);
        }
        byte[] client = peer;
        if (trusted(peer)) {
            List<String> lines = request.headers().getAll(X_FORWARDED_FOR);
            walk:
            for (int line = lines.size() - 1; line >= 0; line--) {
                String[] hops = lines.get(line).split(",", -1);
                for (int i = hops.length - 1; i >= 0; i--) {
                    String hop = hops[i].trim();
                    if (hop.isEmpty()) {
                        continue;
                    }
                    byte[] address = IpRange.parseAddress(stripPort(hop));
                    if (address == null) {
                        break walk;
                    }
                    client = address;
                    if (!trusted(address)) {
                        break walk;
                    }
                }
            }
        }
        return IpRange.format(client);
    }

    /**
     * The key that per-address limits count under: an IPv4 address as it is (IPv4-mapped IPv6 is
     * IPv4 already, see {@link #of}), an IPv6 address as its /64 prefix ({@code 2001:db8:a:b::/64}).
     * One IPv6 host usually holds a whole /64 (SLAAC, privacy addresses, RFC 6177 / RFC 7421), so
     * keyed on the full address a limit would be dodged by rotating the low 64 bits. Only the limit
     * key: sessions and audit records keep the full {@link #address()}. {@code -} when there is no
     * address; what is not an IP literal (a Unix socket) is its own key.
     */
    public String limitKey() {
        if (address == null) {
            return "-";
        }
        byte[] b = IpRange.parseAddress(address);
        if (b == null) {
            return address;
        }
        if (b.length == 4) {
            return IpRange.format(b);
        }
        byte[] prefix = java.util.Arrays.copyOf(java.util.Arrays.copyOf(b, 8), 16);
        return IpRange.format(prefix) + "/64";
    }

    /** {@code 192.0.2.1:4711} and {@code [2001:db8::1]:4711} (some proxies add the port) lose the port. */
    static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close < 0 ? hop : hop.substring(1, close);
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':')) {
            return hop.substring(0, colon);
        }
        return hop;
    }
}
