package dev.gatehouse.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.DependencyUnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
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

    /** A key ready for use. {@code privateKey} is null for keys that can no longer sign. */
    public record LoadedKey(String kid, RSAPublicKey publicKey, PrivateKey privateKey, Instant activateAt,
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
    private final Map<String, PrivateKey> decrypted = new ConcurrentHashMap<>();
    private final AtomicLong lastForcedReload = new AtomicLong();
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), new Jwks("{\"keys\":[]}", "\"empty\""));

    public KeyManager(ObjectMapper json, Clock clock, KeyEncryption encryption, KeyConfig config) {
        // Before the first key is parsed, so the keys and every signature use the chosen provider.
        CryptoProvider.install(config.nativeCrypto());
        this.json = json;
        this.clock = clock;
        this.encryption = encryption;
    }

    /** The key that signs now; 503 if none is loaded yet. */
    public LoadedKey signingKey() {
        Instant now = clock.instant();
        for (LoadedKey k : snapshot.newestFirst) {
            if (!k.activateAt().isAfter(now) && !k.retiredAt(now)) {
                return k;
            }
        }
        throw new DependencyUnavailableException("no signing key is loaded", null);
    }

    /**
     * The public key for {@code kid} if it is published and not retired, else null. An unknown kid
     * triggers one background reload (at most every few seconds), in case another instance just
     * created it.
     */
    public RSAPublicKey verificationKey(String kid) {
        LoadedKey k = snapshot.byKid.get(kid);
        if (k == null) {
            requestReload();
            return null;
        }
        return k.retiredAt(clock.instant()) ? null : k.publicKey();
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
            RSAPublicKey pub = publicKey(row.publicKey);
            PrivateKey priv = row.retireAt != null ? null
                    : decrypted.computeIfAbsent(row.kid, kid -> privateKey(encryption.decrypt(row.privateKeyEncrypted, kid)));
            loaded.add(new LoadedKey(row.kid, pub, priv, row.activateAt, row.retireAt));
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
            RsaJsonWebKey jwk = new RsaJsonWebKey(k.publicKey());
            jwk.setKeyId(k.kid());
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            list.add(new LinkedHashMap<>(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        }
        try {
            String body = json.writeValueAsString(Map.of("keys", list));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return new Jwks(body, "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"");
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPublicKey publicKey(String base64) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored public key is unreadable", e);
        }
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored private key is unreadable", e);
        }
    }
}
