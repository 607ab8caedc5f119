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
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Revocation of access tokens: one token ({@code jti}) or every token of an account issued before
 * a watermark. Written to the database first (durable, with an entry in the revocation feed), and
 * copied into the {@link RevocationStore} right after the transaction commits, before the caller
 * answers. A store that cannot take the copy does not undo the revocation: the instance marks
 * itself behind and catches up from the feed before its next check answers, and every instance
 * catches up any feed entries the store lacks on a short schedule. A store that lost its contents
 * (any slot's marker missing) is re-seeded from the database before it answers again.
 */
@ApplicationScoped
public class RevocationService {

    private static final Logger LOG = Logger.getLogger(RevocationService.class);
    /** How far back a catch-up after a failed write looks, for entries committed out of sequence order. */
    private static final Duration LOOKBACK = Duration.ofMinutes(2);
    /** How long the feed keeps sending an entry again after readers' cursors have passed it. */
    static final Duration FEED_LOOKBACK = Duration.ofMinutes(1);

    private final RevocationStore store;
    private final GatehouseConfig config;
    private final TokenConfig tokenConfig;
    private final Clock clock;
    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final boolean postgres;
    private final Object seedLock = new Object();
    /** Copies into the store that failed on this instance and are not caught up yet. */
    private final java.util.concurrent.atomic.AtomicLong failedCopies = new java.util.concurrent.atomic.AtomicLong();
    /** Entries of this age are copied again on every scheduled catch-up (commits out of sequence order, a lost copy). */
    private static final Duration RECENT = Duration.ofSeconds(30);
    /** Entries this young are read again by every feed poll (commits out of sequence order). */
    private static final Duration POLL_OVERLAP = Duration.ofSeconds(5);
    /**
     * Per hash slot of the store, the highest feed sequence this instance knows the database holds
     * for that slot: from its own revocations and from polling the feed. A slot of the store whose
     * marker is lower missed writes (a failover to a replica that had not received them).
     */
    private final java.util.concurrent.atomic.AtomicLongArray knownSlotSequence =
            new java.util.concurrent.atomic.AtomicLongArray(dev.gatehouse.common.RedisSlots.SLOTS);
    /** The highest feed sequence this instance has read from the database. */
    private final java.util.concurrent.atomic.AtomicLong polledSequence = new java.util.concurrent.atomic.AtomicLong();

    public RevocationService(RevocationStore store, GatehouseConfig config, TokenConfig tokenConfig, Clock clock,
                             MeterRegistry registry, TransactionSynchronizationRegistry transactions,
                             @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.store = store;
        this.config = config;
        this.tokenConfig = tokenConfig;
        this.clock = clock;
        this.registry = registry;
        this.transactions = transactions;
        this.postgres = dbKind.startsWith("postgres");
        registry.gauge("gatehouse.revocations.feed.known.sequence", polledSequence, java.util.concurrent.atomic.AtomicLong::get);
    }

    /** True when the token is revoked; a failed Uni (503) when the store cannot answer. */
    public Uni<Boolean> isRevoked(String jti, String accountId, long iat) {
        if (failedCopies.get() > 0) {
            return Uni.createFrom().item(() -> {
                        catchUpIfBehind();
                        return true;
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .flatMap(x -> checkSeeded(jti, accountId, iat));
        }
        return checkSeeded(jti, accountId, iat);
    }

    private Uni<Boolean> checkSeeded(String jti, String accountId, long iat) {
        long expected = knownSequence(accountId);
        return store.check(jti, accountId, iat, expected).flatMap(verdict -> {
            if (verdict == RevocationStore.Verdict.VALID || verdict == RevocationStore.Verdict.REVOKED) {
                return Uni.createFrom().item(verdict == RevocationStore.Verdict.REVOKED);
            }
            // The slot lost its contents, or holds less of the feed than the database: bring it
            // up to date from the database before answering.
            registry.counter("gatehouse.revocations.catch_ups", "reason", verdict.name().toLowerCase(java.util.Locale.ROOT)).increment();
            return Uni.createFrom().item(() -> {
                        catchUpSlot(accountId);
                        return true;
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .flatMap(x -> store.check(jti, accountId, iat, expected))
                    .map(v -> {
                        if (v == RevocationStore.Verdict.UNSEEDED || v == RevocationStore.Verdict.BEHIND) {
                            throw new DependencyUnavailableException("revocation store could not be brought up to date", null);
                        }
                        return v == RevocationStore.Verdict.REVOKED;
                    });
        });
    }

    /** The highest feed sequence this instance knows the database holds for the account's slot. */
    private long knownSequence(String accountId) {
        return knownSlotSequence.get(dev.gatehouse.common.RedisSlots.slot(accountId));
    }

    private void raiseKnown(String accountId, long seq) {
        int slot = dev.gatehouse.common.RedisSlots.slot(accountId);
        long cur;
        while ((cur = knownSlotSequence.get(slot)) < seq && !knownSlotSequence.compareAndSet(slot, cur, seq)) {
            Thread.onSpinWait();
        }
    }

    /** Revokes one access token of the account until it expires. */
    @Transactional
    public void revokeToken(String jti, UUID accountId, Instant expiresAt) {
        Instant now = clock.instant();
        Instant until = expiresAt.plus(tokenConfig.leeway());
        if (postgres) {
            // Two revocations of one token can race (logout and an admin's disable): neither fails.
            RevokedAccessToken.getEntityManager().createNativeQuery("INSERT INTO revoked_access_token "
                            + "(jti, account_id, expires_at, revoked_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (jti) DO NOTHING")
                    .setParameter(1, jti).setParameter(2, accountId).setParameter(3, until).setParameter(4, now)
                    .executeUpdate();
        } else if (RevokedAccessToken.findById(jti) == null) {
            RevokedAccessToken r = new RevokedAccessToken();
            r.jti = jti;
            r.accountId = accountId;
            r.expiresAt = until;
            r.revokedAt = now;
            r.persist();
        }
        long seq = feed(RevocationFeedEntry.KIND_TOKEN, jti, accountId, null, until, now);
        afterCommit(() -> {
            raiseKnown(accountId.toString(), seq);
            store.revokeToken(accountId.toString(), jti, secondsUntil(until, clock.instant()), seq);
        });
        registry.counter("gatehouse.revocations", "kind", "token").increment();
    }

    /**
     * Revokes every access token of the account issued before the current whole second ({@code iat}
     * has whole seconds). Tokens issued earlier in this same second are the caller's to revoke one
     * by one ({@link RefreshTokenService#endAccount}), so a token issued after this call, even in the
     * same second, stays valid. The watermark only ever moves forward, in the database (one atomic
     * upsert) and in the store (one script).
     */
    @Transactional
    public void revokeAllForAccount(UUID accountId) {
        Instant now = clock.instant();
        Instant notBefore = Instant.ofEpochSecond(now.getEpochSecond());
        Instant expiresAt = notBefore.plus(config.accessTokenTtl()).plus(tokenConfig.leeway()).plusSeconds(1);
        AccountTokenWatermark w = raiseWatermark(accountId, notBefore, expiresAt);
        long seq = feed(RevocationFeedEntry.KIND_ACCOUNT, accountId.toString(), accountId, w.notBefore, w.expiresAt, now);
        long nbf = w.notBefore.getEpochSecond();
        Instant until = w.expiresAt;
        afterCommit(() -> {
            raiseKnown(accountId.toString(), seq);
            store.setNotBefore(accountId.toString(), nbf, secondsUntil(until, clock.instant()), seq);
        });
        registry.counter("gatehouse.revocations", "kind", "account").increment();
    }

    /** The account's watermark after raising it to at least {@code notBefore}; never lowers it. */
    private AccountTokenWatermark raiseWatermark(UUID accountId, Instant notBefore, Instant expiresAt) {
        var em = AccountTokenWatermark.getEntityManager();
        if (postgres) {
            em.createNativeQuery("INSERT INTO account_token_watermark (account_id, not_before, expires_at) VALUES (?1, ?2, ?3) "
                            + "ON CONFLICT (account_id) DO UPDATE SET "
                            + "not_before = GREATEST(account_token_watermark.not_before, EXCLUDED.not_before), "
                            + "expires_at = GREATEST(account_token_watermark.expires_at, EXCLUDED.expires_at)")
                    .setParameter(1, accountId).setParameter(2, notBefore).setParameter(3, expiresAt)
                    .executeUpdate();
            AccountTokenWatermark w = em.find(AccountTokenWatermark.class, accountId);
            em.refresh(w);
            return w;
        }
        // The embedded default (H2, one instance): a locked read-modify-write.
        AccountTokenWatermark w = em.find(AccountTokenWatermark.class, accountId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (w == null) {
            w = new AccountTokenWatermark();
            w.accountId = accountId;
            w.notBefore = notBefore;
            w.expiresAt = expiresAt;
            w.persist();
        } else {
            if (w.notBefore.isBefore(notBefore)) {
                w.notBefore = notBefore;
            }
            if (w.expiresAt.isBefore(expiresAt)) {
                w.expiresAt = expiresAt;
            }
        }
        return w;
    }

    /**
     * Entries at or before {@code cursor} written in the last {@link #FEED_LOOKBACK}. Sequence numbers
     * are taken when a transaction inserts and become visible when it commits, so a reader whose
     * cursor passed a higher number may not have seen a lower one committed a moment later; the feed
     * sends these again (readers treat entries as a set, so a repeat changes nothing).
     */
    public List<RevocationFeedEntry> feedLookback(long cursor, int limit) {
        Instant now = clock.instant();
        if (cursor <= 0) {
            return List.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> RevocationFeedEntry.<RevocationFeedEntry>find(
                "seq <= ?1 and createdAt > ?2 and expiresAt > ?3 order by seq desc", cursor, now.minus(FEED_LOOKBACK), now)
                .page(0, limit).list());
    }

    /** One page of the revocation feed: entries after {@code cursor} that can still matter. */
    public List<RevocationFeedEntry> feedAfter(long cursor, int limit) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> RevocationFeedEntry.<RevocationFeedEntry>find(
                "seq > ?1 and expiresAt > ?2 order by seq", cursor, now).page(0, limit).list());
    }

    /** Writes a feed entry in the current transaction; its sequence number. */
    private static long feed(String kind, String subject, UUID accountId, Instant notBefore, Instant expiresAt, Instant now) {
        RevocationFeedEntry e = new RevocationFeedEntry();
        e.kind = kind;
        e.subject = subject;
        e.accountId = accountId;
        e.notBefore = notBefore;
        e.expiresAt = expiresAt;
        e.createdAt = now;
        e.persistAndFlush();
        return e.seq;
    }

    /**
     * Runs {@code copy} once the current transaction has committed (so the store never holds a
     * revocation the database does not). A copy that fails leaves this instance behind: it
     * catches up from the feed before its next check answers.
     */
    private void afterCommit(Runnable copy) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                try {
                    copy.run();
                } catch (RuntimeException e) {
                    failedCopies.incrementAndGet();
                    LOG.warnf("Revocation stored durably but not yet in the revocation store (%s); catching up when it answers",
                            e.getMessage());
                }
            }
        });
    }

    /** Whether a copy into the store failed and has not been caught up yet. */
    public boolean behind() {
        return failedCopies.get() > 0;
    }

    private void catchUpIfBehind() {
        synchronized (seedLock) {
            if (failedCopies.get() > 0) {
                catchUp();
            }
        }
    }

    /**
     * After a check found its slot unseeded or behind: re-seed when the slot lost its marker, else
     * copy the feed entries after the slot's sequence; unless another caller has just done it.
     */
    private void catchUpSlot(String accountId) {
        synchronized (seedLock) {
            long have = store.slotSequence(accountId);
            if (have < 0) {
                reseed();
                return;
            }
            long known = knownSequence(accountId);
            if (have >= known) {
                return;
            }
            Instant now = clock.instant();
            List<RevocationStore.Entry> entries = QuarkusTransaction.requiringNew().call(() -> toEntries(
                    RevocationFeedEntry.list("expiresAt > ?1 and seq > ?2", now, have), now));
            copy(entries);
            // Entries of the slot that expired meanwhile are not copied: the slot now holds the feed
            // up to what this instance knows of it.
            store.raiseSlotSequence(accountId, known);
            LOG.infof("Revocation store slot was behind the database (%d < %d); caught up %d entries", have, known, entries.size());
        }
    }

    private void copy(List<RevocationStore.Entry> entries) {
        for (RevocationStore.Entry e : entries) {
            if (e.kind() == RevocationStore.Entry.Kind.TOKEN) {
                store.revokeToken(e.accountId(), e.key(), e.ttlSeconds(), e.seq());
            } else {
                store.setNotBefore(e.accountId(), e.value(), e.ttlSeconds(), e.seq());
            }
        }
    }

    /** Store entries for feed rows. */
    private static List<RevocationStore.Entry> toEntries(List<RevocationFeedEntry> rows, Instant now) {
        List<RevocationStore.Entry> list = new ArrayList<>();
        for (RevocationFeedEntry e : rows) {
            if (RevocationFeedEntry.KIND_TOKEN.equals(e.kind)) {
                if (e.accountId != null) {
                    list.add(new RevocationStore.Entry(RevocationStore.Entry.Kind.TOKEN, e.accountId.toString(), e.subject, 1,
                            secondsUntil(e.expiresAt, now), e.seq));
                }
            } else {
                // A watermark's subject is its account (also in rows written before account_id existed).
                list.add(new RevocationStore.Entry(RevocationStore.Entry.Kind.ACCOUNT, e.subject, e.subject,
                        e.notBefore.getEpochSecond(), secondsUntil(e.expiresAt, now), e.seq));
            }
        }
        return list;
    }

    /**
     * Learns the feed entries other instances wrote: raises this instance's per-slot sequences, so
     * a slot of the store that missed one of them (a failover to a replica that had not received
     * it) is found behind by the next check. Reads the entries after the last one read, and the
     * last seconds again (commits out of sequence order). Cheap: two columns of new rows.
     */
    @Scheduled(every = "${gatehouse.token.feed-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollFeed() {
        try {
            readFeed();
        } catch (RuntimeException e) {
            // The database is down: checks keep the sequences learned so far; the next poll goes on.
            LOG.debugf("Revocation feed poll failed: %s", e.toString());
        }
    }

    private void readFeed() {
        Instant now = clock.instant();
        long after = polledSequence.get();
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> RevocationFeedEntry.getEntityManager()
                .createQuery("select e.seq, e.accountId, e.subject, e.kind from RevocationFeedEntry e "
                        + "where e.expiresAt > ?1 and (e.seq > ?2 or e.createdAt > ?3)", Object[].class)
                .setParameter(1, now).setParameter(2, after).setParameter(3, now.minus(POLL_OVERLAP)).getResultList());
        long max = after;
        for (Object[] r : rows) {
            long seq = (Long) r[0];
            String account = r[1] != null ? r[1].toString()
                    : RevocationFeedEntry.KIND_ACCOUNT.equals(r[3]) ? (String) r[2] : null;
            if (account != null) {
                raiseKnown(account, seq);
            }
            max = Math.max(max, seq);
        }
        polledSequence.accumulateAndGet(max, Math::max);
    }

    /**
     * Brings the store up to date with the database: a full re-seed when any part of it lost its
     * contents, else the feed entries after the sequence it is known to hold (and, after a failed
     * copy on this instance, the last minutes of entries as well).
     */
    public void catchUp() {
        synchronized (seedLock) {
            if (!store.seeded()) {
                reseed();
                return;
            }
            long applied = store.appliedSequence();
            long failuresSeen = failedCopies.get();
            Instant now = clock.instant();
            // Every run copies the last seconds again (an entry that committed after a higher
            // sequence number, or whose copy was lost with its instance); after a failed copy here,
            // the last minutes.
            Instant recentSince = now.minus(failuresSeen > 0 ? LOOKBACK : RECENT);
            long[] max = new long[1];
            List<RevocationStore.Entry> entries = QuarkusTransaction.requiringNew().call(() -> {
                max[0] = maxFeedSequence();
                return toEntries(RevocationFeedEntry.list("expiresAt > ?1 and (seq > ?2 or createdAt > ?3)",
                        now, applied, recentSince), now);
            });
            copy(entries);
            if (max[0] > applied) {
                store.markApplied(max[0]);
            }
            if (failuresSeen > 0) {
                LOG.infof("Caught the revocation store up with %d entries", entries.size());
                // Only the failures seen at the start are covered: one during this run stays counted.
                failedCopies.compareAndSet(failuresSeen, 0);
            }
        }
    }

    /** The feed's highest sequence number (0 when empty). In the caller's transaction. */
    private static long maxFeedSequence() {
        Long m = RevocationFeedEntry.getEntityManager()
                .createQuery("select max(e.seq) from RevocationFeedEntry e", Long.class).getSingleResult();
        return m == null ? 0 : m;
    }

    /** Copies every revocation that can still matter from the database into the store. Under {@code seedLock}. */
    private void reseed() {
        Instant now = clock.instant();
        long[] max = new long[1];
        List<RevocationStore.Entry> entries = QuarkusTransaction.requiringNew().call(() -> {
            max[0] = maxFeedSequence();
            List<RevocationStore.Entry> list = new ArrayList<>();
            for (RevokedAccessToken r : RevokedAccessToken.<RevokedAccessToken>list("expiresAt > ?1", now)) {
                list.add(new RevocationStore.Entry(RevocationStore.Entry.Kind.TOKEN, r.accountId.toString(), r.jti, 1,
                        secondsUntil(r.expiresAt, now), 0));
            }
            for (AccountTokenWatermark w : AccountTokenWatermark.<AccountTokenWatermark>list("expiresAt > ?1", now)) {
                list.add(new RevocationStore.Entry(RevocationStore.Entry.Kind.ACCOUNT, w.accountId.toString(), w.accountId.toString(),
                        w.notBefore.getEpochSecond(), secondsUntil(w.expiresAt, now), 0));
            }
            return list;
        });
        long failuresSeen = failedCopies.get();
        store.seed(entries, max[0]);
        store.markApplied(max[0]);
        failedCopies.compareAndSet(failuresSeen, 0);
        LOG.infof("Re-seeded the revocation store with %d entries", entries.size());
    }

    public Uni<Void> ping() {
        return store.ping();
    }

    void onStart(@Observes StartupEvent event) {
        long t0 = System.nanoTime();
        pollFeed();
        try {
            catchUp();
            LOG.debugf("Revocation store checked in %d ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (DependencyUnavailableException e) {
            LOG.warnf("Revocation store unreachable at start (%s); checks answer 503 until it is back",
                    e.getCause() == null ? e.getMessage() : e.getCause().toString());
        }
    }

    @Scheduled(every = "${gatehouse.token.reseed-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkSeeded() {
        try {
            catchUp();
        } catch (DependencyUnavailableException e) {
            LOG.debug("Revocation store unreachable; will retry");
        } catch (RuntimeException e) {
            // The database or Redis client failing under it (also while the application stops): next run.
            LOG.debugf("Revocation store check failed: %s", e.toString());
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
