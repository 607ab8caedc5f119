package dev.gatehouse.token;

import dev.gatehouse.common.DependencyUnavailableException;
import dev.gatehouse.common.GatehouseConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Revocation of access tokens: one token ({@code jti}) or every token of an account issued before
 * a watermark. Written to the database first (durable) and then to the {@link RevocationStore}
 * in the same transaction, so a store that is down fails the revocation (503) rather than losing it.
 * A store that lost its contents is re-seeded from the database before it answers again.
 */
@ApplicationScoped
public class RevocationService {

    private static final Logger LOG = Logger.getLogger(RevocationService.class);

    private final RevocationStore store;
    private final GatehouseConfig config;
    private final TokenConfig tokenConfig;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Object seedLock = new Object();

    public RevocationService(RevocationStore store, GatehouseConfig config, TokenConfig tokenConfig, Clock clock,
                             MeterRegistry registry) {
        this.store = store;
        this.config = config;
        this.tokenConfig = tokenConfig;
        this.clock = clock;
        this.registry = registry;
    }

    /** True when the token is revoked; a failed Uni (503) when the store cannot answer. */
    public Uni<Boolean> isRevoked(String jti, String accountId, long iat) {
        return store.check(jti, accountId, iat).flatMap(verdict -> {
            if (verdict != RevocationStore.Verdict.UNSEEDED) {
                return Uni.createFrom().item(verdict == RevocationStore.Verdict.REVOKED);
            }
            return Uni.createFrom().item(() -> {
                        reseedIfNeeded();
                        return true;
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .flatMap(x -> store.check(jti, accountId, iat))
                    .map(v -> {
                        if (v == RevocationStore.Verdict.UNSEEDED) {
                            throw new DependencyUnavailableException("revocation store could not be re-seeded", null);
                        }
                        return v == RevocationStore.Verdict.REVOKED;
                    });
        });
    }

    /** Revokes one access token until it expires. */
    @Transactional
    public void revokeToken(String jti, UUID accountId, Instant expiresAt) {
        Instant now = clock.instant();
        if (RevokedAccessToken.findById(jti) == null) {
            RevokedAccessToken r = new RevokedAccessToken();
            r.jti = jti;
            r.accountId = accountId;
            r.expiresAt = expiresAt.plus(tokenConfig.leeway());
            r.revokedAt = now;
            r.persist();
        }
        feed(RevocationFeedEntry.KIND_TOKEN, jti, null, expiresAt.plus(tokenConfig.leeway()));
        store.revokeToken(jti, secondsUntil(expiresAt.plus(tokenConfig.leeway()), now));
        registry.counter("gatehouse.revocations", "kind", "token").increment();
    }

    /**
     * Revokes every access token of the account issued up to now. The watermark is the next whole
     * second, because {@code iat} has whole seconds: a token issued later in this second is refused too.
     */
    @Transactional
    public void revokeAllForAccount(UUID accountId) {
        Instant now = clock.instant();
        Instant notBefore = Instant.ofEpochSecond(now.getEpochSecond() + 1);
        Instant expiresAt = notBefore.plus(config.accessTokenTtl()).plus(tokenConfig.leeway());
        AccountTokenWatermark w = AccountTokenWatermark.findById(accountId);
        if (w == null) {
            w = new AccountTokenWatermark();
            w.accountId = accountId;
            w.notBefore = notBefore;
            w.expiresAt = expiresAt;
            w.persist();
        } else if (w.notBefore.isBefore(notBefore)) {
            w.notBefore = notBefore;
            w.expiresAt = expiresAt;
        }
        feed(RevocationFeedEntry.KIND_ACCOUNT, accountId.toString(), w.notBefore, w.expiresAt);
        store.setNotBefore(accountId.toString(), w.notBefore.getEpochSecond(), secondsUntil(w.expiresAt, now));
        registry.counter("gatehouse.revocations", "kind", "account").increment();
    }

    /** One page of the revocation feed: entries after {@code cursor} that can still matter. */
    public List<RevocationFeedEntry> feedAfter(long cursor, int limit) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> RevocationFeedEntry.<RevocationFeedEntry>find(
                "seq > ?1 and expiresAt > ?2 order by seq", cursor, now).page(0, limit).list());
    }

    private static void feed(String kind, String subject, Instant notBefore, Instant expiresAt) {
        RevocationFeedEntry e = new RevocationFeedEntry();
        e.kind = kind;
        e.subject = subject;
        e.notBefore = notBefore;
        e.expiresAt = expiresAt;
        e.persist();
    }

    /** Copies every revocation that can still matter from the database into the store, if it lost them. */
    public void reseedIfNeeded() {
        synchronized (seedLock) {
            if (store.seeded()) {
                return;
            }
            Instant now = clock.instant();
            List<RevocationStore.Entry> entries = QuarkusTransaction.requiringNew().call(() -> {
                List<RevocationStore.Entry> list = new ArrayList<>();
                for (RevokedAccessToken r : RevokedAccessToken.<RevokedAccessToken>list("expiresAt > ?1", now)) {
                    list.add(new RevocationStore.Entry(RevocationStore.Entry.Kind.TOKEN, r.jti, 1, secondsUntil(r.expiresAt, now)));
                }
                for (AccountTokenWatermark w : AccountTokenWatermark.<AccountTokenWatermark>list("expiresAt > ?1", now)) {
                    list.add(new RevocationStore.Entry(RevocationStore.Entry.Kind.ACCOUNT, w.accountId.toString(),
                            w.notBefore.getEpochSecond(), secondsUntil(w.expiresAt, now)));
                }
                return list;
            });
            store.seed(entries);
            LOG.infof("Re-seeded the revocation store with %d entries", entries.size());
        }
    }

    public Uni<Void> ping() {
        return store.ping();
    }

    void onStart(@Observes StartupEvent event) {
        long t0 = System.nanoTime();
        try {
            reseedIfNeeded();
            LOG.debugf("Revocation store checked in %d ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (DependencyUnavailableException e) {
            LOG.warn("Revocation store unreachable at start; checks answer 503 until it is back");
        }
    }

    @Scheduled(every = "${gatehouse.token.reseed-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkSeeded() {
        try {
            reseedIfNeeded();
        } catch (DependencyUnavailableException e) {
            LOG.debug("Revocation store unreachable; will retry");
        }
    }

    /** Drops durable rows for tokens that have expired anyway. */
    @Scheduled(every = "1h", delayed = "1m")
    @Transactional
    void purgeExpired() {
        Instant now = clock.instant();
        RevokedAccessToken.delete("expiresAt <= ?1", now);
        AccountTokenWatermark.delete("expiresAt <= ?1", now);
        RevocationFeedEntry.delete("expiresAt <= ?1", now);
    }

    private static long secondsUntil(Instant t, Instant now) {
        return Math.max(1, Duration.between(now, t).toSeconds() + 1);
    }
}
