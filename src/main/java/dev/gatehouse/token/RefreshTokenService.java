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

    private final jakarta.enterprise.event.Event<AccountEnding> accountEnding;
    private final jakarta.enterprise.event.Event<FamilyEnded> ended;
    private final RefreshTokenStore store;

    public RefreshTokenService(TokenIssuer issuer, RevocationService revocations, TokenConfig config, AuditLog audit,
                               Clock clock, ObjectMapper json, jakarta.enterprise.event.Event<AccountEnding> accountEnding,
                               jakarta.enterprise.event.Event<FamilyEnded> ended, RefreshTokenStore store) {
        this.store = store;
        this.accountEnding = accountEnding;
        this.ended = ended;
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

    /**
     * A presented refresh token that is known, unexpired and of a live family; with its account's
     * active flag and stored roles as read with it ({@code accountActive} false and
     * {@code accountRoles} null when the account is gone).
     */
    public record Presented(String tokenHash, UUID familyId, UUID accountId, String kind, Instant absoluteExpiresAt,
                            String scope, String amr, int generation, Instant usedAt, String clientId, boolean accountActive,
                            String accountRoles) {
    }

    /** A live SSO browser session (the current token of a COOKIE family): who, since when, how. */
    public record BrowserSession(UUID familyId, UUID accountId, Instant authTime, List<String> amr) {
    }

    /**
     * A family ended (fired inside the transaction that ended it): its id, its owner, and the
     * client families that were issued from it and ended with it ({@code clientFamilies}: family
     * id to client id).
     */
    public record FamilyEnded(UUID familyId, UUID accountId, String clientId, java.util.Map<UUID, String> clientFamilies) {
    }

    /** A session as its owner sees it. */
    public record FamilyView(UUID id, String kind, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                             String clientAddress, String userAgent) {
    }

    /** Starts a family (a login) with its first pair. */
    public Issued start(Subject subject, String kind, ClientInfo client) {
        return start(subject, kind, client, null, null);
    }

    /**
     * Starts a family for a registered client (authorization code): its tokens are refreshed only
     * by that client, its access tokens carry {@code client_id}, and it ends with the SSO session
     * {@code ssoFamilyId} it came from.
     */
    public Issued start(Subject subject, String kind, ClientInfo client, String clientId, UUID ssoFamilyId) {
        Instant now = clock.instant();
        UUID familyId = UUID.randomUUID();
        String refresh = newToken();
        TokenIssuer.AccessToken access = issuer.issue(subject.accountId(), subject.roles(), subject.scope(), subject.amr(), familyId,
                clientId);
        Instant absolute = now.plus(config.refreshAbsoluteLifetime());
        // Joins the caller's transaction when there is one (a sign-in holding the account row's
        // lock, AccountService.withCurrentCredentials): one connection, not two.
        QuarkusTransaction.joiningExisting().run(() -> {
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
            f.clientId = clientId;
            f.ssoFamilyId = ssoFamilyId;
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
        // One read (token joined with its family and account) outside the ORM.
        Presented p = store.find(hash).map(f -> live(hash, f, clock.instant())).orElse(null);
        if (p == null) {
            throw invalidGrant();
        }
        return p;
    }

    /** The token as {@link Presented} when its family is live (not revoked, within both lifetimes) at {@code now}, else null. */
    private Presented live(String hash, RefreshTokenStore.Found f, Instant now) {
        if (f.revokedAt() != null || !f.absoluteExpiresAt().isAfter(now) || !f.lastUsedAt().plus(config.refreshIdleLifetime()).isAfter(now)) {
            return null;
        }
        return new Presented(hash, f.familyId(), f.accountId(), f.kind(), f.absoluteExpiresAt(), f.scope(), f.amr(), f.generation(),
                f.usedAt(), f.clientId(), Boolean.TRUE.equals(f.accountActive()), f.accountRoles());
    }

    /**
     * The caller's rules for a refresh ({@code SessionService}: the client binding, the account
     * still active, a second factor its roles require), checked on a live presented token before its
     * rotation commits.
     */
    public interface Admission {
        /**
         * The roles the new access token carries, or null to refuse the token (then nothing is
         * written, and {@link #refused} is called). Runs inside the rotation's transaction with the
         * family's row locked: it must only decide (no writes, no calls that could wait on the family).
         */
        Set<String> admit(Presented p);

        /**
         * After a refusal was rolled back: its side effects (audit, ending the family), and the
         * exception to throw. {@code p} is null when the token was unknown, expired or of an ended
         * family; else it is the token {@link #admit} refused.
         */
        RuntimeException refused(Presented p);
    }

    /**
     * The refresh hot path: the presented token's lookup, the caller's {@link Admission} and the
     * rotation in one transaction of the store ({@link RefreshTokenStore#refresh}; on PostgreSQL one
     * statement, then the sealed pair and the commit). The rules and their order are those of a
     * lookup then a rotation: an unknown, expired or ended token is refused, then the admission
     * decides, then the race: exactly one of parallel uses wins and alone signs; a loser gets the
     * duplicate path (the same pair inside the grace window while the successor is unused, else the
     * family revoked as a replay).
     */
    public Issued refresh(String presented, Admission admission, ClientInfo client) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            throw admission.refused(null);
        }
        String hash = hash(presented);
        Instant now = clock.instant();
        String next = newToken();
        // The access token's id and expiry are fixed before the race so the successor row can be
        // written by the statement that decides it; it is signed only by the winner, inside the
        // same transaction: the family row lock orders this rotation with any revocation of the
        // family (logout, disable, reuse, logout-all): one that committed first makes the family
        // touch match nothing (FAMILY_ENDED, however live the statement's read saw the family); one
        // that comes later waits for this commit and then sees (and revokes) the new access token.
        // The claim of the token decides the race between parallel uses.
        TokenIssuer.Prepared prepared = issuer.prepare();
        Presented[] seen = new Presented[1];
        boolean[] refused = new boolean[1];
        TokenResponse[] pair = new TokenResponse[1];
        Optional<RefreshTokenStore.Attempt> attempt = store.refresh(hash, now, now.minus(config.refreshIdleLifetime()),
                new RefreshTokenStore.Next(hash(next), prepared.jti(), prepared.expiresAt()), a -> {
                    Presented p = live(hash, a.found(), now);
                    seen[0] = p;
                    if (p == null) {
                        return null;
                    }
                    Set<String> roles = admission.admit(p);
                    if (roles == null) {
                        refused[0] = true;
                        return null;
                    }
                    if (a.rotation() != RefreshTokenStore.Rotation.WON) {
                        return null;
                    }
                    TokenIssuer.AccessToken access = issuer.issue(prepared, p.accountId(), roles, p.scope(),
                            Arrays.asList(p.amr().split(" ")), p.familyId(), p.clientId());
                    pair[0] = response(access, next, p.scope());
                    return seal(presented, pair[0]);
                });
        Presented p = seen[0];
        if (attempt.isEmpty() || p == null) {
            throw admission.refused(null);
        }
        if (refused[0]) {
            throw admission.refused(p);
        }
        return switch (attempt.get().rotation()) {
            case WON -> {
                // Off the request path, in batches (AuditLog.recordLater): written by a clean shutdown too.
                audit.recordLater(AuditEventType.REFRESH, p.accountId(), client, null);
                yield new Issued(pair[0], p.familyId(), p.absoluteExpiresAt());
            }
            case LOST -> duplicate(presented, p, client);
            case FAMILY_ENDED -> throw invalidGrant();
        };
    }

    /**
     * The SSO browser session a session cookie stands for: the cookie's token must be the current
     * (unused) token of a live COOKIE family; anything else is no session.
     */
    public Optional<BrowserSession> browserSession(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String hash = hash(cookie);
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            RefreshToken t = RefreshToken.findById(hash);
            RefreshFamily f = t == null ? null : RefreshFamily.findById(t.familyId);
            if (f == null || t.usedAt != null || f.revokedAt != null || !KIND_COOKIE.equals(f.kind) || f.clientId != null
                    || !f.absoluteExpiresAt.isAfter(now) || !f.lastUsedAt.plus(config.refreshIdleLifetime()).isAfter(now)) {
                return Optional.<BrowserSession>empty();
            }
            return Optional.of(new BrowserSession(f.id, f.accountId, f.createdAt, Arrays.asList(f.amr.split(" "))));
        });
    }

    /** Whether a family is live (not revoked, not expired). */
    public boolean isLive(UUID familyId) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            RefreshFamily f = RefreshFamily.findById(familyId);
            return f != null && f.revokedAt == null && f.absoluteExpiresAt.isAfter(now)
                    && f.lastUsedAt.plus(config.refreshIdleLifetime()).isAfter(now);
        });
    }

    /**
     * Whether family {@code familyId} of {@code accountId} is live, read under a shared lock on its
     * row held until the caller's transaction ends (mandatory): a revocation of the family (logout,
     * reuse, the end of the account's sessions by a reset), which updates that row, either committed
     * before, and this answers false, or waits for the caller, and then also ends what the caller
     * wrote under it (a client family, a link). Take the account row's lock first
     * ({@code AccountService.lockCurrentCredentials}): account row, then family rows, as a reset does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lockLive(UUID familyId, UUID accountId) {
        Instant now = clock.instant();
        RefreshFamily f = RefreshFamily.findById(familyId);
        if (f == null) {
            return false;
        }
        // Read again with the lock: a row this transaction read before would keep its old state.
        try {
            RefreshFamily.getEntityManager().refresh(f, jakarta.persistence.LockModeType.PESSIMISTIC_READ);
        } catch (jakarta.persistence.EntityNotFoundException gone) {
            return false;
        }
        return f.accountId.equals(accountId) && f.revokedAt == null && f.absoluteExpiresAt.isAfter(now)
                && f.lastUsedAt.plus(config.refreshIdleLifetime()).isAfter(now);
    }

    /**
     * A token that was already used. Inside the grace window, and only while its successor is still
     * unused, it is a duplicate (a retry, a second tab) and gets the successor's pair again; once
     * the successor has been used too, an old token is no longer a retry but a replay (after
     * A→B→C, A must not walk forward to C): the family is revoked and the event audited.
     */
    private Issued duplicate(String presented, Presented p, ClientInfo client) {
        Instant now = clock.instant();
        TokenResponse again = QuarkusTransaction.requiringNew().call(() -> {
            RefreshToken used = RefreshToken.findById(p.tokenHash());
            if (used == null || used.usedAt == null || used.successorSealed == null
                    || now.isAfter(used.usedAt.plus(config.refreshGraceWindow()))) {
                return null;
            }
            RefreshToken successor = RefreshToken.<RefreshToken>find("familyId = ?1 and generation = ?2",
                    p.familyId(), p.generation() + 1).firstResult();
            if (successor == null || successor.usedAt != null) {
                return null;
            }
            return unseal(presented, used.successorSealed);
        });
        if (again != null) {
            return new Issued(again, p.familyId(), p.absoluteExpiresAt());
        }
        // Durable before anything else: the family ends in the database even when Redis is down.
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
        // The client families signed in through this browser session end with it (OpenID Provider).
        java.util.Map<UUID, String> clientFamilies = new java.util.LinkedHashMap<>();
        for (RefreshFamily c : RefreshFamily.<RefreshFamily>list("ssoFamilyId = ?1 and revokedAt is null", familyId)) {
            RefreshFamily.update("revokedAt = ?1, revokeReason = ?2 where id = ?3 and revokedAt is null", now, reason, c.id);
            for (RefreshToken t : RefreshToken.<RefreshToken>list("familyId = ?1 and accessExpiresAt > ?2", c.id, now)) {
                revocations.revokeToken(t.accessJti, c.accountId, t.accessExpiresAt);
            }
            clientFamilies.put(c.id, c.clientId);
        }
        if (ended == 1 || !clientFamilies.isEmpty()) {
            this.ended.fire(new FamilyEnded(familyId, f.accountId, f.clientId, clientFamilies));
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

    /**
     * Ends every session and access token of the account, in one transaction: every live family
     * (whose row locks wait for rotations in flight, so none slips through), the access tokens
     * issued in the current second one by one, and everything older by the account watermark.
     * A token issued after this, even in the same second, is valid.
     */
    @Transactional
    public void endAccount(UUID accountId, String reason) {
        Instant now = clock.instant();
        // Browser sessions ending here: their client families are told (back-channel logout).
        java.util.Map<UUID, java.util.Map<UUID, String>> bySso = new java.util.LinkedHashMap<>();
        for (RefreshFamily c : RefreshFamily.<RefreshFamily>list("accountId = ?1 and revokedAt is null and ssoFamilyId is not null",
                accountId)) {
            bySso.computeIfAbsent(c.ssoFamilyId, k -> new java.util.LinkedHashMap<>()).put(c.id, c.clientId);
        }
        RefreshFamily.update("revokedAt = ?1, revokeReason = ?2 where accountId = ?3 and revokedAt is null", now, reason, accountId);
        Instant thisSecond = Instant.ofEpochSecond(now.getEpochSecond());
        // A token's row is written a moment after its iat was taken: look one second further back.
        List<RefreshToken> recent = RefreshToken.list(
                "accessExpiresAt > ?1 and createdAt >= ?2 and familyId in (select f.id from RefreshFamily f where f.accountId = ?3)",
                now, thisSecond.minusSeconds(1), accountId);
        for (RefreshToken t : recent) {
            revocations.revokeToken(t.accessJti, accountId, t.accessExpiresAt);
        }
        accountEnding.fire(new AccountEnding(accountId));
        revocations.revokeAllForAccount(accountId);
        bySso.forEach((sso, clientFamilies) -> ended.fire(new FamilyEnded(sso, accountId, null, clientFamilies)));
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

    /**
     * When the live session (family) {@code familyId} of {@code accountId} signed in; empty when it
     * is ended, not the account's, or a client's family (its creation is a code exchange, not a sign-in).
     */
    public Optional<Instant> signedInAt(UUID familyId, UUID accountId) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(RefreshFamily.<RefreshFamily>findById(familyId))
                .filter(f -> f.accountId.equals(accountId) && f.revokedAt == null && f.clientId == null).map(f -> f.createdAt));
    }

    /** Whether a refresh token is live (for introspection): known, unused, of a live family. */
    public Optional<Presented> active(String presented) {
        try {
            Presented p = lookup(presented);
            return p.usedAt() == null ? Optional.of(p) : Optional.empty();
        } catch (OAuthErrorException e) {
            return Optional.empty();
        }
    }

    /** Forgets sealed successors once their grace window is over, and families long ended. */
    @Scheduled(every = "1m", delayed = "1m")
    @Transactional
    void purge() {
        Instant now = clock.instant();
        // A bounded range of used_at (ix_refresh_token_used): this purge runs every minute, so a day
        // back covers every sealed pair but those of an outage longer than a day, which stay sealed
        // (unopenable: duplicate() checks the grace window) until their family is purged.
        Instant sealedBefore = now.minus(config.refreshGraceWindow()).minusSeconds(1);
        RefreshToken.update("successorSealed = null where usedAt < ?1 and usedAt >= ?2 and successorSealed is not null",
                sealedBefore, sealedBefore.minus(java.time.Duration.ofDays(1)));
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
