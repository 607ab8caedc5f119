package dev.gatehouse.keys;

import dev.gatehouse.common.GatehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

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
    private final SigningAlgorithms algorithms;
    private final EntityManager em;

    public KeyRotationService(KeyConfig keys, GatehouseConfig config, KeyEncryption encryption, SigningAlgorithms algorithms,
                              EntityManager em) {
        this.keys = keys;
        this.config = config;
        this.encryption = encryption;
        this.algorithms = algorithms;
        this.em = em;
    }

    /**
     * Brings the key table up to date for {@code now}, for every enabled algorithm ({@link SigningAlgorithms})
     * by the same rules, each algorithm's keys a series of their own. With {@code force}, publishes a
     * successor now even if the current key is not due (it still signs only after the publish lead).
     * The first key of a fresh table signs at once; the first key of an algorithm enabled later is
     * published first and signs after the publish lead, like any successor. Keys of an algorithm no
     * longer enabled stop signing now and retire once their last token expired.
     * Returns true when a key was created or changed status.
     */
    @Transactional
    public boolean rotate(Instant now, boolean force) {
        return rotate(now, force ? Set.copyOf(algorithms.enabled()) : Set.of());
    }

    private boolean rotate(Instant now, Set<SigningAlgorithm> forced) {
        em.createNativeQuery("SELECT id FROM key_rotation_lock WHERE id = 1 FOR UPDATE").getResultList();
        List<SigningKey> all = SigningKey.list("status <> ?1 order by activateAt desc", KeyStatus.RETIRED);
        boolean fresh = all.isEmpty();
        boolean changed = false;
        for (SigningAlgorithm alg : algorithms.enabled()) {
            List<SigningKey> live = all.stream().filter(k -> alg.jose().equals(k.algorithm)).toList();
            changed |= rotate(alg, live, now, forced.contains(alg), fresh);
        }
        // Keys of algorithms no longer enabled (or unknown to this version): stop signing now, retire after their last token.
        for (SigningKey k : all) {
            if (SigningAlgorithm.of(k.algorithm).filter(algorithms::isEnabled).isPresent()) {
                continue;
            }
            if (k.deactivatedAt == null) {
                k.deactivatedAt = now;
                k.retireAt = now.plus(config.accessTokenTtl()).plus(SKEW);
                LOG.infof("Signing key %s (%s): algorithm no longer enabled, retires at %s", k.kid, k.algorithm, k.retireAt);
                changed = true;
            }
            KeyStatus status = k.retireAt.isAfter(now) ? KeyStatus.PASSIVE : KeyStatus.RETIRED;
            if (k.status != status) {
                LOG.infof("Signing key %s: %s -> %s", k.kid, k.status, status);
                k.status = status;
                changed = true;
            }
        }
        return changed;
    }

    /** One algorithm's series, newest first: the rules as they were for the single RS256 series. */
    private boolean rotate(SigningAlgorithm alg, List<SigningKey> live, Instant now, boolean force, boolean fresh) {
        if (live.isEmpty()) {
            if (fresh) {
                create(alg, now, now, KeyStatus.ACTIVE);
            } else {
                create(alg, now, now.plus(keys.publishLead()), KeyStatus.PASSIVE);
            }
            return true;
        }
        boolean changed = false;
        SigningKey current = live.stream().filter(k -> !k.activateAt.isAfter(now)).findFirst().orElse(null);
        boolean pending = live.stream().anyMatch(k -> k.activateAt.isAfter(now));
        if (current != null && !pending
                && (force || !now.isBefore(current.activateAt.plus(keys.rotationPeriod()).minus(keys.publishLead())))) {
            create(alg, now, now.plus(keys.publishLead()), KeyStatus.PASSIVE);
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

    /** The key that a forced rotation published (the RS256 one; {@code next} lists every algorithm's). */
    public record Rotation(String kid, Instant activateAt, List<Next> next) {
    }

    /** An algorithm's next key. */
    public record Next(String algorithm, String kid, Instant activateAt) {
    }

    /**
     * Publishes a successor now (if none is waiting already) and answers which key will sign next
     * and from when. It never signs before the publish lead has passed, so verifiers caching the
     * JWKS meet it first.
     */
    @Transactional
    public Rotation rotateNow(Instant now) {
        rotate(now, true);
        List<Next> next = new java.util.ArrayList<>();
        for (SigningAlgorithm alg : algorithms.enabled()) {
            SigningKey k = SigningKey.<SigningKey>find("status <> ?1 and algorithm = ?2 order by activateAt desc", KeyStatus.RETIRED,
                    alg.jose()).firstResult();
            next.add(new Next(alg.jose(), k.kid, k.activateAt));
        }
        return new Rotation(next.get(0).kid(), next.get(0).activateAt(), List.copyOf(next));
    }

    private void create(SigningAlgorithm alg, Instant now, Instant activateAt, KeyStatus status) {
        KeyPair pair = alg.generate(keys.rsaBits());
        byte[] x509 = pair.getPublic().getEncoded();
        SigningKey k = new SigningKey();
        // Through the KeyFactory, as KeyManager reads it back (a provider's own key class may not be one jose4j knows).
        k.kid = alg.thumbprint(alg.publicKey(x509));
        k.algorithm = alg.jose();
        k.status = status;
        k.publicKey = Base64.getEncoder().encodeToString(x509);
        k.privateKeyEncrypted = encryption.encrypt(pair.getPrivate().getEncoded(), k.kid);
        k.createdAt = now;
        k.activateAt = activateAt;
        k.persist();
        LOG.infof("Created %s signing key %s (%s, signs from %s)", alg.jose(), k.kid, status, activateAt);
    }
}
