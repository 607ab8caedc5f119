package dev.gatehouse.protection;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Fixed-window limits shared by all instances; 429 with Retry-After when exceeded. */
@ApplicationScoped
public class RateLimiter {

    private final CounterStore counters;
    private final ProtectionConfig config;

    public RateLimiter(CounterStore counters, ProtectionConfig config) {
        this.counters = counters;
        this.config = config;
    }

    /** Counts one request of {@code scope} by {@code subject}; throws {@link RateLimitedException} past {@code limit}. */
    public void require(String scope, String subject, int limit) {
        require(scope, subject, limit, config.window());
    }

    /** {@link #require(String, String, int)} over a window of its own (e.g. mails to one address per hour). */
    public void require(String scope, String subject, int limit, java.time.Duration window) {
        long[] r = counters.increment("gh:rl:" + scope + ":" + digest(subject), window, false);
        if (r[0] > limit) {
            throw new RateLimitedException(Math.max(1, (r[1] + 999) / 1000));
        }
    }

    /** Subjects (addresses, usernames) are hashed so Redis never holds them in clear. */
    private static String digest(String subject) {
        String s = subject == null ? "-" : subject.toLowerCase(Locale.ROOT);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
