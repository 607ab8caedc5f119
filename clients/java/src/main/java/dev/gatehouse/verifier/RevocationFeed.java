package dev.gatehouse.verifier;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gatehouse's revocation feed ({@code GET /auth/revocations?since=}) held in memory: revoked
 * {@code jti}s and per-subject "not before" watermarks, each dropped once its {@code exp} (plus the
 * clock skew) has passed, so the store holds only what can still match a valid token. The feed
 * sends the last minute's entries again on every poll; they are merged as a set.
 *
 * <p>{@link #poll()} reads every page and is called by the verifier's scheduler (or directly by
 * tests, with an injected clock).
 */
final class RevocationFeed {

    static final int MAX_PAGES = 1000;

    private record Watermark(long notBefore, long exp) {
    }

    private final String feedUrl;
    private final String authorization;
    private final Http http;
    private final Clock clock;
    private final long skewSeconds;
    private final long staleAfterMillis;
    private final FeedFailurePolicy policy;

    private final Map<String, Long> revoked = new ConcurrentHashMap<>();
    private final Map<String, Watermark> watermarks = new ConcurrentHashMap<>();
    private volatile String cursor;
    private volatile long lastSuccess = -1;
    private volatile boolean lastPollFailed;
    private volatile String lastError;
    private volatile int consecutiveFailures;
    private volatile long polls;
    private volatile long failures;

    RevocationFeed(String issuer, String clientId, String clientSecret, Http http, Clock clock, Duration skew,
                   Duration pollInterval, Duration timeout, FeedFailurePolicy policy) {
        this.feedUrl = issuer.replaceAll("/+$", "") + "/auth/revocations";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.http = http;
        this.clock = clock;
        this.skewSeconds = skew.toSeconds();
        // Fail closed also once a poll is overdue (a poller stuck or stopped): two intervals, the jitter and one timeout.
        this.staleAfterMillis = 2 * pollInterval.toMillis() + timeout.toMillis() + 1000;
        this.policy = policy;
    }

    /** Reads the feed to its end. Throws (and records the failure) when any page fails. */
    synchronized void poll() throws IOException {
        polls++;
        try {
            String c = cursor;
            for (int page = 0; page < MAX_PAGES; page++) {
                String url = c == null ? feedUrl : feedUrl + "?since=" + URLEncoder.encode(c, StandardCharsets.UTF_8);
                Http.Response r = http.get(url, Map.of("Authorization", authorization));
                if (r.status() != 200) {
                    throw new IOException("revocation feed answered " + r.status());
                }
                String next = apply(r.body());
                // Pages of up to 1000 entries after the cursor; the last page leaves the cursor where it was.
                if (next.equals(c)) {
                    break;
                }
                c = next;
            }
            cursor = c;
            lastSuccess = clock.millis();
            lastPollFailed = false;
            lastError = null;
            consecutiveFailures = 0;
            prune();
        } catch (IOException | RuntimeException e) {
            failures++;
            consecutiveFailures++;
            lastPollFailed = true;
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e instanceof IOException io ? io : new IOException(lastError, e);
        }
    }

    /** Merges one page; returns its {@code next_cursor}. */
    private String apply(String body) throws IOException {
        Map<String, Object> page;
        try {
            page = JsonUtil.parseJson(body);
        } catch (JoseException e) {
            throw new IOException("revocation feed is not JSON");
        }
        Object next = page.get("next_cursor");
        if (!(next instanceof String n) || !(page.get("revoked_tokens") instanceof List<?> tokens)
                || !(page.get("account_watermarks") instanceof List<?> accounts)) {
            throw new IOException("revocation feed has an unexpected shape");
        }
        long now = clock.millis() / 1000;
        for (Object o : tokens) {
            if (o instanceof Map<?, ?> t && t.get("jti") instanceof String jti && t.get("exp") instanceof Number exp
                    && exp.longValue() + skewSeconds >= now) {
                revoked.merge(jti, exp.longValue(), Math::max);
            }
        }
        for (Object o : accounts) {
            if (o instanceof Map<?, ?> a && a.get("sub") instanceof String sub && a.get("not_before") instanceof Number nbf
                    && a.get("exp") instanceof Number exp && exp.longValue() + skewSeconds >= now) {
                watermarks.merge(sub, new Watermark(nbf.longValue(), exp.longValue()),
                        (x, y) -> new Watermark(Math.max(x.notBefore, y.notBefore), Math.max(x.exp, y.exp)));
            }
        }
        return n;
    }

    /** Drops every entry whose {@code exp} + skew has passed: no token it could match is still accepted. */
    void prune() {
        long now = clock.millis() / 1000;
        revoked.values().removeIf(exp -> exp + skewSeconds < now);
        watermarks.values().removeIf(w -> w.exp + skewSeconds < now);
    }

    /** Null when the state may be used now, else why not. */
    String unusableReason() {
        long last = lastSuccess;
        if (last < 0) {
            return "revocations not synchronised";
        }
        long age = clock.millis() - last;
        if (policy.failsClosed()) {
            if (lastPollFailed || age > staleAfterMillis) {
                return "revocation feed unreachable";
            }
        } else if (age > Math.max(policy.openFor().toMillis(), staleAfterMillis)) {
            return "revocation feed unreachable for longer than " + policy.openFor();
        }
        return null;
    }

    boolean isRevoked(String jti, String sub, long iat) {
        Long exp = jti == null ? null : revoked.get(jti);
        if (exp != null) {
            return true;
        }
        Watermark w = sub == null ? null : watermarks.get(sub);
        return w != null && iat < w.notBefore;
    }

    FeedStats stats() {
        long last = lastSuccess;
        long now = clock.millis();
        return new FeedStats(last >= 0, unusableReason() == null, last < 0 ? null : Instant.ofEpochMilli(last),
                last < 0 ? null : Duration.ofMillis(now - last), consecutiveFailures, lastError, cursor,
                revoked.size(), watermarks.size(), polls, failures);
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }
}
