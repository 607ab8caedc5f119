package dev.gatehouse.token;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimitedException;
import dev.gatehouse.protection.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service clients of {@code gatehouse.token.service-clients}, checked by HTTP Basic in constant
 * time, with failed authentications limited and audited.
 *
 * <p>A success costs nothing but the comparison: no counter, no I/O, no audit row. Each failure is
 * audited and counted (on a worker thread) per client address and per configured client id in the
 * shared counters ({@link RateLimiter}); past a limit it answers 429 with {@code Retry-After}. So
 * that the right secret cannot be told from a wrong one past the limit, the instance that sees a
 * limit passed remembers it until the window ends and then refuses, before any comparison,
 * everything from that address, and the right secret for that client id from addresses that
 * failed in the window. Other instances learn it at their own next failure, so an attacker gets at
 * most one extra guess per instance per window.
 */
@ApplicationScoped
public class ServiceClients {

    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, byte[]> secrets = new HashMap<>();
    private final RateLimiter limiter;
    private final ProtectionConfig protection;
    private final AuditLog audit;
    private final Clock clock;
    /** "a:" + address or "c:" + client id → epoch millis until which it is over its limit. */
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();
    /** Addresses that failed within the window → epoch millis until which they are remembered. */
    private final Map<String, Long> failedRecently = new ConcurrentHashMap<>();

    public ServiceClients(TokenConfig config, RateLimiter limiter, ProtectionConfig protection, AuditLog audit, Clock clock) {
        this.limiter = limiter;
        this.protection = protection;
        this.audit = audit;
        this.clock = clock;
        config.serviceClients().ifPresent(list -> list.forEach(entry -> {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalStateException("gatehouse.token.service-clients entries must be id:secret");
            }
            String id = entry.substring(0, colon).trim();
            if (id.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                // A UUID names an account everywhere (token subjects); a client must never look like one.
                throw new IllegalStateException("gatehouse.token.service-clients: a client id must not be a UUID");
            }
            secrets.put(id, entry.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8));
        }));
    }

    /**
     * The client id, or 401 {@code invalid_client} (RFC 6749 section 5.2), or 429 past the limits.
     * Blocking on failure (counters, audit): call it on a worker thread.
     */
    public String require(String authorization, ClientInfo client) {
        String id = check(authorization, client);
        if (id == null) {
            throw failed(authorization, client);
        }
        return id;
    }

    /** {@link #require} for the event loop: a success completes at once, a failure is handled on a worker thread. */
    public Uni<String> requireAsync(String authorization, ClientInfo client) {
        String id = check(authorization, client);
        if (id != null) {
            return Uni.createFrom().item(id);
        }
        return Uni.createFrom().<String>emitter(e -> e.fail(failed(authorization, client)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** In memory only: 429 when this address or (for a known failer) this client is over its limit; else the id or null. */
    private String check(String authorization, ClientInfo client) {
        long now = clock.millis();
        String address = address(client);
        long addressBlock = remaining(blockedUntil, "a:" + address, now);
        if (addressBlock > 0) {
            throw tooMany(addressBlock);
        }
        String id = authenticate(authorization);
        if (id != null) {
            long clientBlock = remaining(blockedUntil, "c:" + id, now);
            // "Failed recently" is per full address: a neighbour in a shared /64 cannot block a client.
            if (clientBlock > 0 && remaining(failedRecently, exactAddress(client), now) > 0) {
                throw tooMany(clientBlock);
            }
        }
        return id;
    }

    /** Audits and counts one failure; the exception to answer with (401, or 429 past a limit). */
    private OAuthErrorException failed(String authorization, ClientInfo client) {
        long now = clock.millis();
        String address = address(client);
        String id = presentedKnownId(authorization);
        remember(failedRecently, exactAddress(client), now + protection.window().toMillis(), now);
        // The id only when it is configured (never attacker-chosen text), and never the secret.
        audit.record(AuditEventType.CLIENT_AUTH_ERROR, null, client, id == null ? "unknown client or malformed credentials" : "client " + id);
        long retryAfter = 0;
        try {
            limiter.require("client-auth-address", address, protection.clientAuthFailuresPerAddress());
        } catch (RateLimitedException e) {
            remember(blockedUntil, "a:" + address, now + e.retryAfterSeconds() * 1000, now);
            retryAfter = e.retryAfterSeconds();
        }
        if (id != null) {
            try {
                limiter.require("client-auth-client", id, protection.clientAuthFailuresPerClient());
            } catch (RateLimitedException e) {
                remember(blockedUntil, "c:" + id, now + e.retryAfterSeconds() * 1000, now);
                retryAfter = Math.max(retryAfter, e.retryAfterSeconds());
            }
        }
        return retryAfter > 0 ? tooMany(retryAfter * 1000)
                : new OAuthErrorException(401, "invalid_client", "Service client authentication failed.");
    }

    /** The ids of the configured service clients (for the admin's client list; never their secrets). */
    public java.util.Set<String> ids() {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(secrets.keySet()));
    }

    /** The client id when {@code authorization} is valid Basic credentials of a configured client, else null. */
    public String authenticate(String authorization) {
        String[] credentials = basic(authorization);
        if (credentials == null) {
            return null;
        }
        String id = credentials[0];
        byte[] expected = secrets.get(id);
        byte[] given = credentials[1].getBytes(StandardCharsets.UTF_8);
        // Compare even for unknown ids, so timing does not tell which ids exist.
        boolean ok = MessageDigest.isEqual(expected == null ? new byte[given.length + 1] : expected, given);
        return ok && expected != null ? id : null;
    }

    private String presentedKnownId(String authorization) {
        String[] credentials = basic(authorization);
        return credentials != null && secrets.containsKey(credentials[0]) ? credentials[0] : null;
    }

    /** {id, secret} of a Basic header, or null. */
    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static String address(ClientInfo client) {
        return client == null ? "-" : client.limitKey();
    }

    private static String exactAddress(ClientInfo client) {
        return client == null || client.address() == null ? "-" : client.address();
    }

    private static long remaining(Map<String, Long> map, String key, long now) {
        Long until = map.get(key);
        if (until == null) {
            return 0;
        }
        if (until <= now) {
            map.remove(key, until);
            return 0;
        }
        return until - now;
    }

    /** Bounded: when full, expired entries go; if it is still full, the entry is not kept (the shared counter still answers 429). */
    private static void remember(Map<String, Long> map, String key, long until, long now) {
        if (map.size() >= MAX_REMEMBERED) {
            map.values().removeIf(u -> u <= now);
            if (map.size() >= MAX_REMEMBERED) {
                return;
            }
        }
        map.merge(key, until, Math::max);
    }

    private static OAuthErrorException tooMany(long remainingMillis) {
        long seconds = Math.max(1, (remainingMillis + 999) / 1000);
        return new OAuthErrorException(429, "temporarily_unavailable",
                "Too many failed client authentications. Try again in " + seconds + " seconds.", seconds);
    }
}
