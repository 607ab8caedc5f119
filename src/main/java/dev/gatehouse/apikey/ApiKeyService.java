package dev.gatehouse.apikey;

import dev.gatehouse.account.AccountService;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.Text;
import dev.gatehouse.token.RevocationService;
import dev.gatehouse.token.TokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Personal API keys: creation (shown once), listing, revocation, and the check of a presented key
 * against its keyed hash and its owner's current state. The check reads the key row and the owner
 * from the database on every use, so a revocation, an expiry, or a disabled, deleted or demoted
 * owner stops the key on every instance on its next request; last-used times are gathered in
 * memory and written in batches ({@link LastUsedRecorder}).
 */
@ApplicationScoped
public class ApiKeyService {

    static final int MAX_NAME = 100;
    private static final int MAX_SCOPES = 32;

    private final ApiKeyConfig config;
    private final GatehouseConfig gatehouse;
    private final AccountService accounts;
    private final RevocationService revocations;
    private final AuditLog audit;
    private final Clock clock;
    private final LastUsedRecorder lastUsed;
    private final MeterRegistry registry;
    private final TokenIssuer issuer;
    private final dev.gatehouse.token.RefreshTokenService refreshTokens;
    private final SecretKeySpec hmacKey;
    private final boolean postgres;
    /** First key of the advisory locks of API-key creation ("GK"). */
    private static final int ADVISORY_NAMESPACE = 0x474B;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyConfig config, GatehouseConfig gatehouse, AccountService accounts, RevocationService revocations,
                         AuditLog audit, Clock clock, LastUsedRecorder lastUsed, MeterRegistry registry, TokenIssuer issuer,
                         dev.gatehouse.token.RefreshTokenService refreshTokens,
                         @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.refreshTokens = refreshTokens;
        this.postgres = dbKind.startsWith("postgres");
        this.issuer = issuer;
        this.config = config;
        this.gatehouse = gatehouse;
        this.accounts = accounts;
        this.revocations = revocations;
        this.audit = audit;
        this.clock = clock;
        this.lastUsed = lastUsed;
        this.registry = registry;
        // Its length is checked before the migrations (ApiKeySecretCheck).
        this.hmacKey = new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** What the owner sees of a key (never the key or its hash). */
    public record KeyView(UUID id, String name, String prefix, List<String> scopes, Instant createdAt, Instant lastUsedAt,
                          Instant expiresAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id, k.name, k.prefix, List.copyOf(k.scopeSet()), k.createdAt, k.lastUsedAt, k.expiresAt);
        }
    }

    /** A new key: the key itself is in this answer only. */
    public record Created(String key, KeyView view) {
    }

    /** A key that passed every check: the owner, and what the key may do now. */
    public record Verified(UUID keyId, UUID accountId, Set<String> scopes, Set<String> roles, Instant expiresAt) {
    }

    /** Why a key was refused (for metrics and audit; the caller always gets the same 401). */
    public enum Refusal { MALFORMED, UNKNOWN, REVOKED, EXPIRED, OWNER }

    /** A refused key. */
    public static final class KeyRefusedException extends RuntimeException {
        private final Refusal reason;

        KeyRefusedException(Refusal reason) {
            super("API key refused: " + reason.name().toLowerCase());
            this.reason = reason;
        }

        public Refusal reason() {
            return reason;
        }
    }

    /** Scopes a key of this owner may carry: the configured scopes and the owner's roles. */
    private Set<String> allowedScopes(Set<String> ownerRoles) {
        Set<String> allowed = new LinkedHashSet<>(gatehouse.scopes());
        allowed.addAll(ownerRoles);
        return allowed;
    }

    /**
     * Creates a key for {@code accountId}, asked for by its live session {@code session} (the
     * caller's {@code sid}). Under the account row's lock, taken first, and then the session row's:
     * a reset that ended the session (and swept a never-proven account's keys) after the caller's
     * token was checked either committed before, and the creation is refused (401), or waits for
     * this transaction, and then revokes the key made here with the others.
     */
    @Transactional
    public Created create(UUID accountId, UUID session, String name, List<String> scopes, Long expiresIn, ClientInfo client) {
        AccountService.Credentials owner = accounts.lockCurrentCredentials(accountId,
                current -> session != null && refreshTokens.lockLive(session, current.id()));
        if (owner == null) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "A valid access token is required.");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME || Text.hasInvisibleOrControl(name) || Text.hasUnpairedSurrogate(name)) {
            throw ProblemException.invalid("name_invalid", "name is required: 1 to " + MAX_NAME + " visible characters.");
        }
        if (scopes == null || scopes.isEmpty() || scopes.size() > MAX_SCOPES || scopes.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw ProblemException.invalid("scopes_invalid", "scopes must be a non-empty list of scope names.");
        }
        Set<String> allowed = allowedScopes(owner.roles());
        Set<String> asked = new LinkedHashSet<>(scopes);
        if (!allowed.containsAll(asked)) {
            throw ProblemException.invalid("scopes_not_allowed", "A key may carry only scopes its owner has: " + allowed + ".");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = null;
        if (expiresIn == null) {
            if (config.expiryRequired()) {
                throw ProblemException.invalid("expires_in_required", "expiresIn (seconds) is required.");
            }
        } else {
            if (expiresIn <= 0 || expiresIn > config.maxLifetime().toSeconds()) {
                throw ProblemException.invalid("expires_in_invalid",
                        "expiresIn must be between 1 and " + config.maxLifetime().toSeconds() + " seconds.");
            }
            expiresAt = now.plusSeconds(expiresIn);
        }
        lockKeysOf(accountId);
        long live = ApiKey.count("accountId = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2)", accountId, now);
        if (live >= config.maxPerAccount()) {
            throw new ProblemException(409, "api-key-limit", "Too many API keys",
                    "An account may hold at most " + config.maxPerAccount() + " keys; revoke one first.");
        }
        String key = ApiKeyFormat.generate(random);
        ApiKey k = new ApiKey();
        k.id = UUID.randomUUID();
        k.accountId = accountId;
        k.name = name.strip();
        k.prefix = ApiKeyFormat.shown(key);
        k.keyHash = hash(key);
        k.scopes = String.join(" ", asked);
        k.createdAt = now;
        k.expiresAt = expiresAt;
        k.persist();
        audit.recordInCurrentTransaction(AuditEventType.API_KEY_CREATED, accountId, client, "key " + k.id + " scopes " + k.scopes);
        return new Created(key, KeyView.of(k));
    }

    /**
     * Serialises key creation per account until the transaction ends, so parallel creations cannot
     * pass the per-account limit together: a transaction-scoped advisory lock on PostgreSQL (two
     * ints: a namespace for API keys and the account's hash); the embedded H2 runs one instance,
     * where a lock per account in memory would do, and the limit is only ever off by the racers.
     */
    private void lockKeysOf(UUID accountId) {
        if (postgres) {
            ApiKey.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1, ?2)")
                    .setParameter(1, ADVISORY_NAMESPACE).setParameter(2, accountId.hashCode()).getSingleResult();
        }
    }

    /** The account's keys that can still be used, newest first. */
    public List<KeyView> list(UUID accountId) {
        Instant now = clock.instant();
        return ApiKey.<ApiKey>find("accountId = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2) order by createdAt desc",
                accountId, now).list().stream().map(KeyView::of).toList();
    }

    /**
     * Revokes the account's key and every access token exchanged for it; false when the account
     * has no such live key. Takes effect on every instance on the next request (keys are checked
     * in the database; exchanged tokens through the revocation store).
     */
    @Transactional
    public boolean revoke(UUID accountId, UUID keyId, ClientInfo client) {
        Instant now = clock.instant();
        int updated = ApiKey.update("revokedAt = ?1 where id = ?2 and accountId = ?3 and revokedAt is null", now, keyId, accountId);
        if (updated == 0) {
            return false;
        }
        for (ApiKeyToken t : ApiKeyToken.<ApiKeyToken>list("keyId = ?1 and expiresAt > ?2", keyId, now)) {
            revocations.revokeToken(t.jti, t.accountId, t.expiresAt);
        }
        ApiKeyToken.delete("keyId = ?1", keyId);
        audit.recordInCurrentTransaction(AuditEventType.API_KEY_REVOKED, accountId, client, "key " + keyId);
        return true;
    }

    /**
     * Checks a presented key: blocking (database), so call it on a worker thread, and only with a
     * key that passed {@link ApiKeyFormat#wellFormed}. Refusals of a known key are audited.
     */
    public Verified verify(String key, ClientInfo client) {
        String hash = hash(key);
        Instant now = clock.instant();
        record Outcome(Verified verified, Refusal refusal, ApiKey key) {
        }
        Outcome o = QuarkusTransaction.requiringNew().call(() -> {
            ApiKey k = ApiKey.<ApiKey>find("keyHash", hash).firstResult();
            // The lookup is by the hash; the comparison of the hash found is constant-time all the same.
            if (k == null || !MessageDigest.isEqual(k.keyHash.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
                return new Outcome(null, Refusal.UNKNOWN, null);
            }
            if (k.revokedAt != null) {
                return new Outcome(null, Refusal.REVOKED, k);
            }
            if (k.expiresAt != null && !k.expiresAt.isAfter(now)) {
                return new Outcome(null, Refusal.EXPIRED, k);
            }
            Optional<AccountService.Credentials> owner = accounts.credentials(k.accountId).filter(AccountService.Credentials::active);
            Set<String> scopes = k.scopeSet();
            if (owner.isEmpty() || !allowedScopes(owner.get().roles()).containsAll(scopes)) {
                return new Outcome(null, Refusal.OWNER, k);
            }
            Set<String> roles = new LinkedHashSet<>(owner.get().roles());
            roles.retainAll(scopes);
            return new Outcome(new Verified(k.id, k.accountId, scopes, roles, k.expiresAt), null, k);
        });
        if (o.verified() == null) {
            refused(o.refusal(), o.key() == null ? null : o.key().id, o.key() == null ? null : o.key().accountId, client);
            throw new KeyRefusedException(o.refusal());
        }
        registry.counter("gatehouse.api_keys.checks", "outcome", "ok").increment();
        lastUsed.used(o.verified().keyId(), now);
        return o.verified();
    }

    /** Counts (and, for a known key, audits) a refusal. */
    public void refused(Refusal reason, UUID keyId, UUID accountId, ClientInfo client) {
        registry.counter("gatehouse.api_keys.checks", "outcome", reason.name().toLowerCase()).increment();
        if (keyId != null) {
            audit.record(AuditEventType.API_KEY_USED_ERROR, accountId, client, "key " + keyId + " " + reason.name().toLowerCase());
        }
    }

    /**
     * Issues the access token of a token exchange, with {@code scopes} (within the key's), under a
     * shared lock on the owner's row and on the key's row: a role change, disable or delete of the
     * owner, or a revocation of the key, either committed before (and the exchange is refused) or
     * waits and then revokes this token with the others. The token is remembered with the key.
     */
    public TokenIssuer.AccessToken exchange(Verified key, Set<String> scopes) {
        // The key itself is re-checked under its row's lock in recordExchangedToken (account row
        // first, then the key's): a sweep's revocation either committed before, or waits and then
        // revokes the token issued here.
        return accounts.withCurrentCredentials(key.accountId(), current -> true, owner -> {
            if (owner == null || !allowedScopes(owner.roles()).containsAll(key.scopes())) {
                refused(Refusal.OWNER, key.keyId(), key.accountId(), null);
                throw new KeyRefusedException(Refusal.OWNER);
            }
            Set<String> roles = new LinkedHashSet<>(owner.roles());
            roles.retainAll(scopes);
            TokenIssuer.AccessToken t = issuer.issue(key.accountId().toString(), roles, String.join(" ", scopes),
                    List.of(ApiKeyIdentity.AMR), List.of(gatehouse.audience()), null, exchangedTokenTtl(key));
            recordExchangedToken(key.keyId(), key.accountId(), t.jti(), t.expiresAt());
            return t;
        });
    }

    /**
     * Every token of the account stops (logout-all, disable, role change, delete): its exchanged
     * tokens are revoked by jti in the same transaction, as the account watermark cannot tell a
     * token of the current second from one issued just after. The keys themselves stay (revoke them
     * at /auth/api-keys); a disabled, deleted or demoted owner stops them anyway.
     */
    void onAccountEnding(@jakarta.enterprise.event.Observes dev.gatehouse.token.AccountEnding ending) {
        Instant now = clock.instant();
        for (ApiKeyToken t : ApiKeyToken.<ApiKeyToken>list("accountId = ?1 and expiresAt > ?2", ending.accountId(), now)) {
            revocations.revokeToken(t.jti, t.accountId, t.expiresAt);
        }
        ApiKeyToken.delete("accountId", ending.accountId());
    }

    /**
     * A password reset took the account back: every key of the account is revoked with its
     * exchanged tokens, in the reset's transaction (a key is a credential like the password: one a
     * thief made must not outlive the owner's recovery).
     */
    void onAccountRecovered(@jakarta.enterprise.event.Observes dev.gatehouse.lifecycle.AccountRecovered recovered) {
        revokeAll(recovered.accountId());
    }

    /**
     * The first proof of an address never proven, by someone not shown to hold the account: the
     * keys were made before anyone showed they own the mailbox, so they are revoked (proof's transaction).
     */
    void onAddressFirstProven(@jakarta.enterprise.event.Observes dev.gatehouse.account.AddressFirstProven proven) {
        revokeAll(proven.accountId());
    }

    private void revokeAll(UUID accountId) {
        for (ApiKey k : ApiKey.<ApiKey>list("accountId = ?1 and revokedAt is null", accountId)) {
            revoke(accountId, k.id, null);
        }
    }

    /** Remembers an access token exchanged for the key, so revoking the key revokes it too (caller's transaction). */
    void recordExchangedToken(UUID keyId, UUID accountId, String jti, Instant expiresAt) {
        // Under a shared lock on the key's row: a revocation (which updates the row first) either
        // committed before, and the exchange fails here, or waits and then revokes this token too.
        ApiKey k = ApiKey.findById(keyId, jakarta.persistence.LockModeType.PESSIMISTIC_READ);
        if (k == null || k.revokedAt != null) {
            refused(Refusal.REVOKED, keyId, accountId, null);
            throw new KeyRefusedException(Refusal.REVOKED);
        }
        ApiKeyToken t = new ApiKeyToken();
        t.jti = jti;
        t.keyId = keyId;
        t.accountId = accountId;
        t.expiresAt = expiresAt;
        t.persist();
        // Rows of tokens that have expired are no longer needed: drop this key's old ones as we go.
        ApiKeyToken.delete("keyId = ?1 and expiresAt < ?2", keyId, clock.instant());
    }

    /** Life of an exchanged token: the configured one, at most the access-token TTL and the key's remaining life. */
    public Duration exchangedTokenTtl(Verified key) {
        Duration ttl = config.exchangedTokenTtl();
        if (ttl.compareTo(gatehouse.accessTokenTtl()) > 0) {
            ttl = gatehouse.accessTokenTtl();
        }
        if (key.expiresAt() != null) {
            Duration left = Duration.between(clock.instant(), key.expiresAt());
            if (left.compareTo(ttl) < 0) {
                ttl = left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
            }
        }
        return ttl;
    }

    /** HMAC-SHA-256 of the key under the server secret, hex. */
    String hash(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
