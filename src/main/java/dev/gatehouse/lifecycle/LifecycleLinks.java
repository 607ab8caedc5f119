package dev.gatehouse.lifecycle;

import dev.gatehouse.common.PublicUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import jakarta.ws.rs.core.UriBuilder;

/**
 * One-time links: a 256-bit random token (base64url, 43 characters) in the URL, only its SHA-256
 * in the database, single use by a compare-and-set on {@code used_at}, expiring. Links are built
 * on {@code GATEHOUSE_ISSUER}, never on the request's host.
 */
@ApplicationScoped
public class LifecycleLinks {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Longest string that is looked up at all (a token is 43 characters). */
    private static final int MAX_TOKEN = 64;

    private final Clock clock;
    private final PublicUrls urls;

    public LifecycleLinks(Clock clock, PublicUrls urls) {
        this.clock = clock;
        this.urls = urls;
    }

    /** A new link's token, its record written in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String issue(LifecycleToken.Purpose purpose, UUID accountId, String email, Duration ttl) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        LifecycleToken t = new LifecycleToken();
        t.id = UUID.randomUUID();
        t.tokenHash = hash(token);
        t.purpose = purpose;
        t.accountId = accountId;
        t.email = email;
        t.createdAt = now;
        t.expiresAt = now.plus(ttl);
        t.persist();
        return token;
    }

    /** The absolute URL of a hosted page ({@code /verify}, {@code /reset}) carrying {@code token}. */
    public String url(String page, String token) {
        return urls.absolute(UriBuilder.fromPath(page).queryParam("token", token).build().toString()).toString();
    }

    /** The live (unused, unexpired) record of {@code token} for {@code purpose}, without using it. */
    public Optional<LifecycleToken> peek(String token, LifecycleToken.Purpose... purposes) {
        String h = hashOrNull(token);
        if (h == null) {
            return Optional.empty();
        }
        return LifecycleToken.<LifecycleToken>find("tokenHash = ?1 and usedAt is null and expiresAt > ?2", h, clock.instant())
                .firstResultOptional().filter(t -> java.util.Arrays.asList(purposes).contains(t.purpose));
    }

    /**
     * Uses {@code token} up in the current transaction: its record when it was live and of one of
     * {@code purposes}, else empty. Of two requests racing with one token, one wins.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<LifecycleToken> redeem(String token, LifecycleToken.Purpose... purposes) {
        Optional<LifecycleToken> live = peek(token, purposes);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        int won = LifecycleToken.update("usedAt = ?1 where id = ?2 and usedAt is null and expiresAt > ?1", now, live.get().id);
        return won == 1 ? live : Optional.empty();
    }

    /** Voids every live link of the account for {@code purposes} (a newer one replaces them, or their reason is gone). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void voidAll(UUID accountId, LifecycleToken.Purpose... purposes) {
        LifecycleToken.update("usedAt = ?1 where accountId = ?2 and usedAt is null and purpose in ?3",
                clock.instant(), accountId, java.util.Arrays.asList(purposes));
    }

    /** Drops records whose links expired a day ago (hourly; idempotent, so every instance may run it). */
    @io.quarkus.scheduler.Scheduled(every = "1h", delayed = "5m")
    @Transactional
    public void purgeExpired() {
        LifecycleToken.delete("expiresAt < ?1", clock.instant().minus(Duration.ofDays(1)));
    }

    private static String hashOrNull(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return null;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null;
            }
        }
        return hash(token);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
