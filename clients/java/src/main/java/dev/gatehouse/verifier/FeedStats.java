package dev.gatehouse.verifier;

import java.time.Duration;
import java.time.Instant;

/**
 * The revocation feed as the verifier sees it, for metrics and health checks (plain values: export
 * them with whatever metrics library the service uses).
 *
 * @param synced              the feed has been read in full at least once
 * @param usable              tokens are answered now (false: every token is refused as {@code UNAVAILABLE})
 * @param lastSuccess         when the feed last answered in full, or null
 * @param lag                 how old the revocation state is (now - lastSuccess), or null before the first sync
 * @param consecutiveFailures failed polls since the last success
 * @param lastError           the last failure, or null ("feed answered 503", "timeout", ...)
 * @param cursor              the feed cursor, or null before the first sync
 * @param revokedTokens       revoked {@code jti}s held (they go at their {@code exp})
 * @param accountWatermarks   account watermarks held (they go at their {@code exp})
 * @param polls               polls attempted since start
 * @param failures            polls failed since start
 */
public record FeedStats(boolean synced, boolean usable, Instant lastSuccess, Duration lag, int consecutiveFailures,
                        String lastError, String cursor, int revokedTokens, int accountWatermarks, long polls, long failures) {
}
