package dev.gatehouse.common;

import io.vertx.core.http.HttpServerRequest;

/** Where a request came from, for sessions and audit records. Never holds a secret. */
public record ClientInfo(String address, String userAgent) {

    private static final int MAX_USER_AGENT = 256;

    public static ClientInfo of(HttpServerRequest request) {
        if (request == null) {
            return new ClientInfo(null, null);
        }
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String ua = request.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(address, ua);
    }
}
