package dev.gatehouse.keys;

import dev.gatehouse.common.GatehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.jose4j.jwk.RsaJsonWebKey;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Decides, under a database lock so instances never race, which key signs: creates the first key,
 * publishes the next one {@code publish-lead} before it signs, and retires a key once the last
 * token it may have signed has expired.
 */
@ApplicationScoped
public class KeyRotationService {

    private static final Logger LOG = Logger.getLogger(KeyRotationService.class);
    /** Clock skew between instances and verifiers that a retiring key still allows for. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private final KeyConfig keys;
    private final GatehouseConfig config;
    private final KeyEncryption encryption;
    private final EntityManager em;

    public KeyRotationService(KeyConfig keys, GatehouseConfig config, KeyEncryption encryption, EntityManager em) {
        this.keys = keys;
        this.config = config;
        this.encryption = encryption;
        this.em = em;
    }

    /**
     * Brings the key table up to date for {@code now}. With {@code force}, publishes a successor now
     * even if the current key is not due (it still signs only after the publish lead).
     * Returns true when a key was created or changed status.
     */
    @Transactional
    public boolean rotate(Instant now, boolean force) {
        em.createNativeQuery("SELECT id FROM key_rotation_lock WHERE id = 1 FOR UPDATE").getResultList();
        List<SigningKey> live = SigningKey.list("status <> ?1 order by activateAt desc", KeyStatus.RETIRED);
        if (live.isEmpty()) {
            create(now, now, KeyStatus.ACTIVE);
            return true;
        }
        boolean changed = false;
        SigningKey current = live.stream().filter(k -> !k.activateAt.isAfter(now)).findFirst().orElse(null);
        boolean pending = live.stream().anyMatch(k -> k.activateAt.isAfter(now));
        if (current != null && !pending
                && (force || !now.isBefore(current.activateAt.plus(keys.rotationPeriod()).minus(keys.publishLead())))) {
            create(now, now.plus(keys.publishLead()), KeyStatus.PASSIVE);
            changed = true;
        }
        SigningKey newer = null;
        for (SigningKey k : live) {
            KeyStatus status;
            if (k.activateAt.isAfter(now)) {
                status = KeyStatus.PASSIVE;
            } else if (newer == null) {
                status = KeyStatus.ACTIVE;
                newer = k;
            } else {
                if (k.deactivatedAt == null) {
                    k.deactivatedAt = newer.activateAt;
                    k.retireAt = newer.activateAt.plus(config.accessTokenTtl()).plus(SKEW);
                    changed = true;
                }
                status = k.retireAt.isAfter(now) ? KeyStatus.PASSIVE : KeyStatus.RETIRED;
                newer = k;
            }
            if (k.status != status) {
                LOG.infof("Signing key %s: %s -> %s", k.kid, k.status, status);
                k.status = status;
                changed = true;
            }
        }
        return changed;
    }

    /** The key that a forced rotation published. */
    public record Rotation(String kid, Instant activateAt) {
    }

    /**
     * Publishes a successor now (if none is waiting already) and answers which key will sign next
     * and from when. It never signs before the publish lead has passed, so verifiers caching the
     * JWKS meet it first.
     */
    @Transactional
    public Rotation rotateNow(Instant now) {
        rotate(now, true);
        SigningKey next = SigningKey.<SigningKey>find("status <> ?1 order by activateAt desc", KeyStatus.RETIRED).firstResult();
        return new Rotation(next.kid, next.activateAt);
    }

    private void create(Instant now, Instant activateAt, KeyStatus status) {
        KeyPair pair = generate();
        SigningKey k = new SigningKey();
        k.kid = thumbprint((RSAPublicKey) pair.getPublic());
        k.algorithm = "RS256";
        k.status = status;
        k.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        k.privateKeyEncrypted = encryption.encrypt(pair.getPrivate().getEncoded(), k.kid);
        k.createdAt = now;
        k.activateAt = activateAt;
        k.persist();
        LOG.infof("Created signing key %s (%s, signs from %s)", k.kid, status, activateAt);
    }

    private KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(keys.rsaBits());
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7638 JWK thumbprint: a stable, collision-free key id. */
    private static String thumbprint(RSAPublicKey key) {
        return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }
}
