package dev.gatehouse.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.AesGcm;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.OAuthErrorException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Rotating refresh tokens in families. Every use rotates; the check-and-rotate step is one
 * conditional UPDATE, so of any number of parallel uses exactly one wins. A use inside the grace
 * window gets the winner's pair (sealed under a key only the presented token derives); a use after
 * it revokes the whole family and the access tokens issued from it, and is audited.
 */
@ApplicationScoped
public class RefreshTokenService {

    public static final String KIND_TOKEN = "TOKEN";
    public static final String KIND_COOKIE = "COOKIE";
    /** Longest refresh token we accept: 32 random bytes are 43 base64url characters. */
    private static final int MAX_TOKEN_LENGTH = 64;

    private final TokenIssuer issuer;
    private final RevocationService revocations;
    private final TokenConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    public RefreshTokenService(TokenIssuer issuer, RevocationService revocations, TokenConfig config, AuditLog audit,
                               Clock clock, ObjectMapper json) {
        this.issuer = issuer;
        this.revocations = revocations;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    /** Who a family belongs to and what its tokens carry. */
    public record Subject(UUID accountId, Set<String> roles, String scope, List<String> amr) {
    }

    /** A new pair and the family it belongs to. */
    public record Issued(TokenResponse response, UUID familyId, Instant absoluteExpiresAt) {
    }

    /** A presented refresh token that is known, unexpired and of a live family. */
    public record Presented(String tokenHash, UUID familyId, UUID accountId, String kind, Instant absoluteExpiresAt,
                            String scope, String amr, int generation, Instant usedAt) {
    }

    /** A session as its owner sees it. */
    public record FamilyView(UUID id, String kind, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                             String clientAddress, String userAgent) {
    }

    /** Starts a family (a login) with its first pair. */
    public Issued start(Subject subject, String kind, ClientInfo client) {
        Instant now = clock.instant();
        UUID familyId = UUID.randomUUID();
        String refresh = newToken();
        TokenIssuer.AccessToken access = issuer.issue(subject.accountId(), subject.roles(), subject.scope(), subject.amr(), familyId);
        Instant absolute = now.plus(config.refreshAbsoluteLifetime());
        QuarkusTransaction.requiringNew().run(() -> {
            RefreshFamily f = new RefreshFamily();
            f.id = familyId;
            f.accountId = subject.accountId();
            f.kind = kind;
            f.scope = subject.scope();
            f.amr = String.join(" ", subject.amr());
            f.clientAddress = client.address();
            f.userAgent = client.userAgent();
            f.createdAt = now;
            f.lastUsedAt = now;
            f.absoluteExpiresAt = absolute;
            f.persist();
            persistToken(hash(refresh), familyId, 0, now, access);
        });
        return new Issued(response(access, refresh, subject.scope()), familyId, absolute);
    }

    /** Looks a presented token up; {@code invalid_grant} when unknown, expired or of an ended family. */
    public Presented lookup(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            throw invalidGrant();
        }
        String hash = hash(presented);
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            RefreshToken t = RefreshToken.findById(hash);
            RefreshFamily f = t == null ? null : RefreshFamily.findById(t.familyId);
            if (f == null || f.revokedAt != null || !f.absoluteExpiresAt.isAfter(now)
                    || !f.lastUsedAt.plus(config.refreshIdleLifetime()).isAfter(now)) {
                throw invalidGrant();
            }
            return new Presented(hash, f.id, f.accountId, f.kind, f.absoluteExpiresAt, f.scope, f.amr, t.generation, t.usedAt);
        });
    }

    /**
     * Rotates {@code presented} (already looked up) into a new pair carrying {@code roles}. Exactly
     * one of any number of concurrent calls rotates; the others, inside the grace window, get the
     * same pair; after it, the family is revoked and {@code invalid_grant} answered.
     */
    public Issued rotate(String presented, Presented p, Set<String> roles, ClientInfo client) {
        if (p.usedAt() != null) {
            return duplicate(presented, p, client);
        }
        Instant now = clock.instant();
        String next = newToken();
        TokenIssuer.AccessToken access = issuer.issue(p.accountId(), roles, p.scope(), Arrays.asList(p.amr().split(" ")), p.familyId());
        TokenResponse pair = response(access, next, p.scope());
        String sealed = seal(presented, pair);
        // One transaction: the conditional UPDATE decides the race; the winner adds the successor.
        boolean won = QuarkusTransaction.requiringNew().call(() -> {
            int updated = RefreshToken.update("usedAt = ?1, successorSealed = ?2 where tokenHash = ?3 and usedAt is null",
                    now, sealed, p.tokenHash());
            if (updated != 1) {
                return false;
            }
            persistToken(hash(next), p.familyId(), p.generation() + 1, now, access);
            RefreshFamily.update("lastUsedAt = ?1 where id = ?2", now, p.familyId());
            audit.recordInCurrentTransaction(AuditEventType.REFRESH, p.accountId(), client, null);
            return true;
        });
        if (won) {
            return new Issued(pair, p.familyId(), p.absoluteExpiresAt());
        }
        return duplicate(presented, p, client);
    }

    private Issued duplicate(String presented, Presented p, ClientInfo client) {
        Instant now = clock.instant();
        RefreshToken used = QuarkusTransaction.requiringNew().call(() -> RefreshToken.<RefreshToken>findById(p.tokenHash()));
        if (used.usedAt != null && used.successorSealed != null
                && !now.isAfter(used.usedAt.plus(config.refreshGraceWindow()))) {
            return new Issued(unseal(presented, used.successorSealed), p.familyId(), p.absoluteExpiresAt());
        }
        revokeFamily(p.familyId(), "reuse");
        audit.record(AuditEventType.REFRESH_REUSE, p.accountId(), client, "family " + p.familyId());
        throw invalidGrant();
    }

    /** Ends one family and every access token still alive that it issued. Returns whether it was live. */
    @Transactional
    public boolean revokeFamily(UUID familyId, String reason) {
        Instant now = clock.instant();
        int ended = RefreshFamily.update("revokedAt = ?1, revokeReason = ?2 where id = ?3 and revokedAt is null", now, reason, familyId);
        RefreshFamily f = RefreshFamily.findById(familyId);
        if (f == null) {
            return false;
        }
        for (RefreshToken t : RefreshToken.<RefreshToken>list("familyId = ?1 and accessExpiresAt > ?2", familyId, now)) {
            revocations.revokeToken(t.accessJti, f.accountId, t.accessExpiresAt);
        }
        return ended == 1;
    }

    /** Ends every family of the account but {@code keep}, with their live access tokens. */
    public void revokeOtherFamilies(UUID accountId, UUID keep, String reason) {
        for (FamilyView f : liveFamilies(accountId)) {
            if (!f.id().equals(keep)) {
                revokeFamily(f.id(), reason);
            }
        }
    }

    /** Ends every family of the account (their access tokens are covered by the account watermark). */
    @Transactional
    public void revokeAllFamilies(UUID accountId, String reason) {
        RefreshFamily.update("revokedAt = ?1, revokeReason = ?2 where accountId = ?3 and revokedAt is null",
                clock.instant(), reason, accountId);
    }

    /** The account's live sessions, newest first. */
    public List<FamilyView> liveFamilies(UUID accountId) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> RefreshFamily.<RefreshFamily>list(
                        "accountId = ?1 and revokedAt is null and absoluteExpiresAt > ?2 order by createdAt desc", accountId, now)
                .stream()
                .filter(f -> f.lastUsedAt.plus(config.refreshIdleLifetime()).isAfter(now))
                .map(f -> new FamilyView(f.id, f.kind, f.createdAt, f.lastUsedAt, f.absoluteExpiresAt, f.clientAddress, f.userAgent))
                .toList());
    }

    /** The owner of a family, if it exists. */
    public Optional<UUID> ownerOf(UUID familyId) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(RefreshFamily.<RefreshFamily>findById(familyId))
                .map(f -> f.accountId));
    }

    /** Whether a refresh token is live (for introspection): known, unused, of a live family. */
    public Optional<Presented> active(String presented) {
        try {
            Presented p = lookup(presented);
            RefreshToken t = QuarkusTransaction.requiringNew().call(() -> RefreshToken.<RefreshToken>findById(p.tokenHash()));
            return t.usedAt == null ? Optional.of(p) : Optional.empty();
        } catch (OAuthErrorException e) {
            return Optional.empty();
        }
    }

    /** Forgets sealed successors once their grace window is over, and families long ended. */
    @Scheduled(every = "1m", delayed = "1m")
    @Transactional
    void purge() {
        Instant now = clock.instant();
        RefreshToken.update("successorSealed = null where successorSealed is not null and usedAt < ?1",
                now.minus(config.refreshGraceWindow()).minusSeconds(1));
        List<UUID> dead = RefreshFamily.<RefreshFamily>list("absoluteExpiresAt < ?1", now.minus(config.refreshAbsoluteLifetime()))
                .stream().map(f -> f.id).toList();
        if (!dead.isEmpty()) {
            RefreshToken.delete("familyId in ?1", dead);
            RefreshFamily.delete("id in ?1", dead);
        }
    }

    private static void persistToken(String hash, UUID familyId, int generation, Instant now, TokenIssuer.AccessToken access) {
        RefreshToken t = new RefreshToken();
        t.tokenHash = hash;
        t.familyId = familyId;
        t.generation = generation;
        t.createdAt = now;
        t.accessJti = access.jti();
        t.accessExpiresAt = access.expiresAt();
        t.persist();
    }

    private static TokenResponse response(TokenIssuer.AccessToken access, String refresh, String scope) {
        return new TokenResponse(access.token(), "bearer", access.expiresIn(), refresh, scope);
    }

    /** 256 random bits, URL-safe. */
    private String newToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("gatehouse refresh v1|" + token));
    }

    private String seal(String presented, TokenResponse pair) {
        try {
            return AesGcm.seal(sealKey(presented), json.writeValueAsBytes(pair), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot seal the successor pair", e);
        }
    }

    private TokenResponse unseal(String presented, String sealed) {
        try {
            return json.readValue(AesGcm.open(sealKey(presented), sealed, null), TokenResponse.class);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw invalidGrant();
        }
    }

    private static SecretKeySpec sealKey(String presented) {
        return new SecretKeySpec(sha256("gatehouse grace seal v1|" + presented), "AES");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static OAuthErrorException invalidGrant() {
        return new OAuthErrorException(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
    }
}
