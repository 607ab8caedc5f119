package dev.gatehouse.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Hands queued mails to the SMTP server, never on a request thread: right after the commit that
 * queued one, and every {@code gatehouse.mail.poll-interval} for what is due. Each instance takes
 * a mail by compare-and-set on {@code claimed_until}, so one mail has one sender at a time. A mail
 * the server accepted is deleted; one it refused waits {@code retry-base × 2^tries} (at most
 * {@code retry-max}) and is given up after {@code max-attempts}, its bodies erased. Delivery is at least once:
 * a crash between the server's acceptance and the delete sends that mail again after
 * {@code claim-for}.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);
    private static final int BATCH = 20;

    private final MailOutbox outbox;
    private final ReactiveMailer mailer;
    private final MailConfig config;
    private final String from;
    private final Clock clock;
    private final dev.gatehouse.common.BackgroundRounds rounds;
    private final Counter sent;
    private final Counter failed;
    private final Counter givenUp;

    /** Drops given-up mails (their bodies are already erased) after 30 days, with their recipient. */
    @Scheduled(every = "1h", delayed = "10m")
    void purgeGivenUp() {
        QuarkusTransaction.requiringNew().run(() -> OutboxMail.delete("failedAt < ?1", clock.instant().minus(Duration.ofDays(30))));
    }

    public MailSender(MailOutbox outbox, ReactiveMailer mailer, MailConfig config, dev.gatehouse.common.GatehouseConfig gatehouse,
                      Clock clock, ManagedExecutor executor, MeterRegistry metrics) {
        this.outbox = outbox;
        this.mailer = mailer;
        this.config = config;
        this.clock = clock;
        this.rounds = new dev.gatehouse.common.BackgroundRounds(executor, this::sendDue, BATCH, LOG);
        this.from = config.from().orElseGet(() -> "no-reply@" + hostOf(gatehouse.issuer()));
        if (config.claimFor().compareTo(config.sendTimeout().multipliedBy(2)) < 0) {
            throw new IllegalStateException("GATEHOUSE_MAIL_CLAIM_FOR must be at least twice GATEHOUSE_MAIL_SEND_TIMEOUT,"
                    + " or another instance could send a mail whose hand-over is still running");
        }
        this.sent = metrics.counter("gatehouse.mail.sent");
        this.failed = metrics.counter("gatehouse.mail.send.failures");
        this.givenUp = metrics.counter("gatehouse.mail.given.up");
        metrics.gauge("gatehouse.mail.outbox.waiting", this, s -> s.waiting());
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailOutbox.Queued queued) {
        kick();
    }

    @Scheduled(every = "${gatehouse.mail.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void poll() {
        kick();
    }

    void kick() {
        rounds.kick();
    }

    /** One round: takes up to a batch of due mails and tries each once; returns how many it took. */
    public int sendDue() {
        Instant now = clock.instant();
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> OutboxMail.<OutboxMail>find(
                        "failedAt is null and nextAttemptAt <= ?1 and (claimedUntil is null or claimedUntil < ?1) order by nextAttemptAt", now)
                .page(0, BATCH).list().stream().map(m -> m.id).toList());
        int taken = 0;
        for (UUID id : due) {
            // The claim starts when it is taken (a slow round must not hand out claims already run out).
            Instant at = clock.instant();
            Instant until = at.plus(config.claimFor());
            boolean claimed = QuarkusTransaction.requiringNew().call(() -> OutboxMail.update(
                    "claimedUntil = ?1 where id = ?2 and failedAt is null and (claimedUntil is null or claimedUntil < ?3)",
                    until, id, at) == 1);
            if (claimed) {
                taken++;
                sendOne(id);
            }
        }
        return taken;
    }

    private void sendOne(UUID id) {
        OutboxMail row = QuarkusTransaction.requiringNew().call(() -> OutboxMail.<OutboxMail>findById(id));
        if (row == null) {
            return;
        }
        Mail mail = outbox.open(row);
        if (mail == null) {
            giveUp(id, "unreadable");
            return;
        }
        try {
            mailer.send(io.quarkus.mailer.Mail.withText(mail.recipient(), mail.subject(), mail.text())
                            .setHtml(mail.html()).setFrom(from))
                    .await().atMost(config.sendTimeout());
        } catch (RuntimeException e) {
            failed.increment();
            retryLater(row, e);
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> OutboxMail.deleteById(id));
        sent.increment();
    }

    private void retryLater(OutboxMail row, RuntimeException e) {
        int attempts = row.attempts + 1;
        String reason = e.getClass().getSimpleName();
        if (attempts >= config.maxAttempts()) {
            giveUp(row.id, reason);
            return;
        }
        Duration delay = config.retryBase().multipliedBy(1L << Math.min(attempts - 1, 20));
        Instant next = clock.instant().plus(delay.compareTo(config.retryMax()) > 0 ? config.retryMax() : delay);
        QuarkusTransaction.requiringNew().run(() -> OutboxMail.update(
                "attempts = ?1, nextAttemptAt = ?2, claimedUntil = null, lastError = ?3 where id = ?4",
                attempts, next, reason, row.id));
        LOG.infof("Mail %s not accepted by the SMTP server (%s); try %d of %d at %s", row.id, reason, attempts,
                config.maxAttempts(), next);
    }

    private void giveUp(UUID id, String reason) {
        QuarkusTransaction.requiringNew().run(() -> OutboxMail.update(
                "failedAt = ?1, sealed = '', claimedUntil = null, lastError = ?2 where id = ?3", clock.instant(), reason, id));
        givenUp.increment();
        LOG.warnf("Mail %s given up (%s); its contents were erased", id, reason);
    }

    private double waiting() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> (double) OutboxMail.count("failedAt is null"));
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String hostOf(String issuer) {
        try {
            String host = java.net.URI.create(issuer).getHost();
            return host == null ? "localhost" : host;
        } catch (IllegalArgumentException e) {
            return "localhost";
        }
    }
}
