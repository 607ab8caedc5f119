package dev.gatehouse.lifecycle;

import dev.gatehouse.account.EmailAddress;
import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.Languages;
import dev.gatehouse.protection.RateLimiter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Requests that name an address (forgot password, resend verification). Answering them must not
 * tell whether the address has an account, in what is said or in how long it takes: so every
 * well-formed request does the same work, two limits and one insert, and is answered; this job
 * then finds the account, if any, and writes its link and mail in one transaction (right after
 * the commit, and every {@code request-poll-interval} for what a crash left). A request is never
 * lost once answered: its row stays until the transaction that handled it commits.
 */
@ApplicationScoped
public class LifecycleRequests {

    private static final Logger LOG = Logger.getLogger(LifecycleRequests.class);
    private static final int BATCH = 50;
    private static final Duration CLAIM = Duration.ofMinutes(2);

    /** Fired when a request was written; the job starts after the commit. */
    public record Written(UUID id) {
    }

    private final RateLimiter limiter;
    private final LifecycleConfig config;
    private final Clock clock;
    private final Event<Written> written;
    private final Instance<EmailVerificationService> verification;
    private final Instance<PasswordResetService> resets;
    private final dev.gatehouse.common.BackgroundRounds rounds;

    public LifecycleRequests(RateLimiter limiter, LifecycleConfig config, Clock clock, Event<Written> written,
                             Instance<EmailVerificationService> verification, Instance<PasswordResetService> resets,
                             ManagedExecutor executor) {
        this.limiter = limiter;
        this.config = config;
        this.clock = clock;
        this.written = written;
        this.verification = verification;
        this.resets = resets;
        this.rounds = new dev.gatehouse.common.BackgroundRounds(executor, this::handleWaiting, BATCH, LOG);
    }

    /**
     * Limits (per client address and per named address, case 69) and writes the request: 400 for
     * what cannot be an address, 429 past a limit, else nothing to say.
     */
    public void accept(LifecycleRequest.Kind kind, String rawEmail, Locale locale, ClientInfo client) {
        String email = EmailAddress.require(rawEmail);
        limiter.require("mail-request-address", client.limitKey(), config.mailRequestsPerAddress(), config.mailWindow());
        limiter.require("mail-request-email", email, config.mailRequestsPerEmail(), config.mailWindow());
        QuarkusTransaction.requiringNew().run(() -> {
            LifecycleRequest r = new LifecycleRequest();
            r.id = UUID.randomUUID();
            r.kind = kind;
            r.email = email;
            r.locale = locale == null ? null : Languages.negotiate(List.of(locale)).toLanguageTag();
            r.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            r.persist();
            written.fire(new Written(r.id));
        });
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Written w) {
        kick();
    }

    @Scheduled(every = "${gatehouse.lifecycle.request-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void poll() {
        kick();
    }

    void kick() {
        rounds.kick();
    }

    /** One round: takes up to a batch of waiting requests and handles each in its own transaction; how many it took. */
    public int handleWaiting() {
        Instant now = clock.instant();
        List<UUID> waiting = QuarkusTransaction.requiringNew().call(() -> LifecycleRequest.<LifecycleRequest>find(
                "claimedUntil is null or claimedUntil < ?1 order by createdAt", now).page(0, BATCH).list().stream().map(r -> r.id).toList());
        int taken = 0;
        for (UUID id : waiting) {
            Instant at = clock.instant();
            boolean claimed = QuarkusTransaction.requiringNew().call(() -> LifecycleRequest.update(
                    "claimedUntil = ?1 where id = ?2 and (claimedUntil is null or claimedUntil < ?3)", at.plus(CLAIM), id, at) == 1);
            if (!claimed) {
                continue;
            }
            taken++;
            try {
                QuarkusTransaction.requiringNew().run(() -> handle(id));
            } catch (RuntimeException e) {
                // Stays claimed until CLAIM passes, then is tried again.
                LOG.warnf("Lifecycle request %s not handled (%s); tried again later", id, e.getClass().getSimpleName());
            }
        }
        return taken;
    }

    private void handle(UUID id) {
        LifecycleRequest r = LifecycleRequest.findById(id);
        if (r == null) {
            return;
        }
        Locale locale = r.locale == null ? null : Languages.of(r.locale);
        switch (r.kind) {
            case RESET_PASSWORD -> resets.get().mailLinkFor(r.email, locale);
            case RESEND_VERIFICATION -> verification.get().resend(r.email, locale);
        }
        r.delete();
    }
}
