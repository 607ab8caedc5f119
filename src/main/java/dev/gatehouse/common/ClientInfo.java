package dev.gatehouse.common;

import io.vertx.core.http.HttpServerRequest;

import java.util.Collection;
import java.util.Set;

/** Where a request came from, for sessions and audit records. Never holds a secret. */
public record ClientInfo(String address, String userAgent) {

    private static final int MAX_USER_AGENT = 256;

    /** Reverse proxies whose X-Forwarded-For is believed; set once at start (protection package). */
    private static volatile Set<String> trustedProxies = Set.of();

    public static void trustProxies(Collection<String> proxies) {
        trustedProxies = Set.copyOf(proxies);
    }

    /** Whether the direct peer is a trusted proxy (whose forwarding headers are believed). */
    public static boolean fromTrustedProxy(HttpServerRequest request) {
        return request.remoteAddress() != null && trustedProxies.contains(request.remoteAddress().hostAddress());
    }

    /**
     * The client's address: the direct peer, unless that is a trusted proxy, in which case the
     * right-most address of X-Forwarded-For that is not itself a trusted proxy.
     */
    public static ClientInfo of(HttpServerRequest request) {
        if (request == null) {
            return new ClientInfo(null, null);
        }
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (address != null && forwarded != null && trustedProxies.contains(address)) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (!hop.isEmpty()) {
                    address = hop.length() > 64 ? hop.substring(0, 64) : hop;
                    if (!trustedProxies.contains(hop)) {
                        break;
                    }
                }
            }
        }
        String ua = request.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(address, ua);
    }
}
