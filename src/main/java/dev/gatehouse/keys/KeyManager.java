package dev.gatehouse.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.DependencyUnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every instance's in-memory view of the signing keys, reloaded from the database on a schedule.
 * Signing and verifying read only this snapshot, so the hot paths never touch the database.
 * Which key signs is decided by time ({@code activate_at}), so instances agree without talking.
 */
@ApplicationScoped
public class KeyManager {

    private static final Logger LOG = Logger.getLogger(KeyManager.class);
    private static final long FORCED_RELOAD_GAP_MILLIS = 5_000;

    /**
     * A key ready for use: one algorithm per key ({@link SigningAlgorithm}). {@code privateKey} is
     * null for keys that can no longer sign.
     */
    public record LoadedKey(String kid, SigningAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey, Instant activateAt,
                            Instant retireAt) {
        boolean retiredAt(Instant now) {
            return retireAt != null && !retireAt.isAfter(now);
        }
    }

    /** The published documents, serialised once per reload. */
    public record Jwks(String json, String etag) {
    }

    private record Snapshot(List<LoadedKey> newestFirst, Map<String, LoadedKey> byKid, Jwks jwks) {
    }

    private final ObjectMapper json;
    private final Clock clock;
    private final KeyEncryption encryption;
    private final SigningAlgorithms algorithms;
    private final Map<String, PrivateKey> decrypted = new ConcurrentHashMap<>();
    private final AtomicLong lastForcedReload = new AtomicLong();
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), new Jwks("{\"keys\":[]}", "\"empty\""));

    public KeyManager(ObjectMapper json, Clock clock, KeyEncryption encryption, KeyConfig config, SigningAlgorithms algorithms) {
        // Before the first key is parsed, so the keys and every signature use the chosen provider.
        CryptoProvider.install(config.nativeCrypto());
        this.json = json;
        this.clock = clock;
        this.encryption = encryption;
        this.algorithms = algorithms;
    }

    /** The RS256 key that signs now; 503 if none is loaded yet. */
    public LoadedKey signingKey() {
        return signingKey(SigningAlgorithm.RS256);
    }

    /** The key of {@code alg} that signs now; 503 if none has become active yet. */
    public LoadedKey signingKey(SigningAlgorithm alg) {
        return activeKey(alg).orElseThrow(() -> new DependencyUnavailableException("no " + alg.jose() + " signing key is active", null));
    }

    /**
     * The key of {@code alg} that signs now, if one is active: the newest whose {@code activate_at}
     * has passed. Empty while a newly enabled algorithm's first key waits out the publish lead.
     */
    public Optional<LoadedKey> activeKey(SigningAlgorithm alg) {
        Instant now = clock.instant();
        for (LoadedKey k : snapshot.newestFirst) {
            if (k.algorithm() == alg && k.privateKey() != null && !k.activateAt().isAfter(now) && !k.retiredAt(now)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * The key access tokens are signed with: the active key of {@code gatehouse.keys.access-token-algorithm},
     * or the RS256 one while that algorithm has no active key yet (its first key is published and
     * waits out the publish lead, so no verifier meets a token whose key it cannot know).
     */
    public LoadedKey accessTokenKey() {
        SigningAlgorithm alg = algorithms.accessToken();
        return alg == SigningAlgorithm.RS256 ? signingKey() : activeKey(alg).orElseGet(this::signingKey);
    }

    /** The algorithm access tokens are signed with right now (see {@link #accessTokenKey()}), or "none" before a key is loaded. */
    public String accessTokenKeyAlgorithm() {
        SigningAlgorithm alg = algorithms.accessToken();
        return activeKey(alg).or(() -> activeKey(SigningAlgorithm.RS256)).map(k -> k.algorithm().jose()).orElse("none");
    }

    /**
     * The published key {@code kid} (its algorithm and public key) if it is not retired, else null.
     * An unknown kid triggers one background reload (at most every few seconds), in case another
     * instance just created it.
     */
    public LoadedKey publishedKey(String kid) {
        LoadedKey k = snapshot.byKid.get(kid);
        if (k == null) {
            requestReload();
            return null;
        }
        return k.retiredAt(clock.instant()) ? null : k;
    }

    /** The public key of {@link #publishedKey(String)}, or null. */
    public PublicKey verificationKey(String kid) {
        LoadedKey k = publishedKey(kid);
        return k == null ? null : k.publicKey();
    }

    public Jwks jwks() {
        return snapshot.jwks;
    }

    public boolean loaded() {
        return !snapshot.newestFirst.isEmpty();
    }

    /** Re-reads the published keys from the database. */
    public void reload() {
        List<SigningKey> rows = QuarkusTransaction.requiringNew()
                .call(() -> SigningKey.<SigningKey>list("status <> ?1", KeyStatus.RETIRED));
        Instant now = clock.instant();
        List<LoadedKey> loaded = new ArrayList<>();
        for (SigningKey row : rows) {
            if (row.retireAt != null && !row.retireAt.isAfter(now)) {
                continue;
            }
            SigningAlgorithm alg = SigningAlgorithm.of(row.algorithm).orElse(null);
            if (alg == null) {
                LOG.warnf("Signing key %s has algorithm %s, which this version does not know; it is not published", row.kid, row.algorithm);
                continue;
            }
            PublicKey pub = alg.publicKey(Base64.getDecoder().decode(row.publicKey));
            PrivateKey priv = row.retireAt != null ? null
                    : decrypted.computeIfAbsent(row.kid, kid -> alg.privateKey(encryption.decrypt(row.privateKeyEncrypted, kid)));
            loaded.add(new LoadedKey(row.kid, alg, pub, priv, row.activateAt, row.retireAt));
        }
        loaded.sort(Comparator.comparing(LoadedKey::activateAt).reversed());
        Map<String, LoadedKey> byKid = new HashMap<>();
        loaded.forEach(k -> byKid.put(k.kid(), k));
        decrypted.keySet().retainAll(byKid.keySet());
        snapshot = new Snapshot(List.copyOf(loaded), Map.copyOf(byKid), render(loaded));
    }

    private void requestReload() {
        long now = System.currentTimeMillis();
        long last = lastForcedReload.get();
        if (now - last < FORCED_RELOAD_GAP_MILLIS || !lastForcedReload.compareAndSet(last, now)) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.warn("Reloading signing keys failed", e);
            }
        });
    }

    private Jwks render(List<LoadedKey> keys) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (LoadedKey k : keys) {
            list.add(new LinkedHashMap<>(k.algorithm().jwk(k.publicKey(), k.kid())));
        }
        try {
            String body = json.writeValueAsString(Map.of("keys", list));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return new Jwks(body, "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"");
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
