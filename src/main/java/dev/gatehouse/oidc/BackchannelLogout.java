package dev.gatehouse.oidc;

import dev.gatehouse.client.ClientService;
import dev.gatehouse.token.RefreshTokenService;
import dev.gatehouse.token.TokenIssuer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * OpenID Connect Back-Channel Logout 1.0. When an SSO browser session ends (logout, RP-initiated
 * logout, logout-all, disable, password change...), every client that had signed in through it
 * and registered a {@code backchannelLogoutUri} gets a signed logout token ({@code typ:
 * logout+jwt}, {@code sub}, {@code sid}, the event, {@code jti}, 2 minutes). The tokens are
 * written to an outbox table in the transaction that ends the session, so nothing is lost and the
 * logout itself never waits on a client: delivery runs afterwards on its own thread, and a job
 * retries failures with back-off (10 s, 20 s, 40 s, ...) up to
 * {@code gatehouse.oidc.backchannel-logout-max-attempts}. A 2xx answer counts as delivered.
 */
@ApplicationScoped
public class BackchannelLogout {

    private static final Logger LOG = Logger.getLogger(BackchannelLogout.class);

    private final ClientService clients;
    private final TokenIssuer issuer;
    private final OidcConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-backchannel-logout");
        t.setDaemon(true);
        return t;
    });

    public BackchannelLogout(ClientService clients, TokenIssuer issuer, OidcConfig config, Clock clock) {
        this.clients = clients;
        this.issuer = issuer;
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.backchannelLogoutTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** In the transaction that ended the session: one outbox row per client to tell. */
    void onEnded(@Observes RefreshTokenService.FamilyEnded ended) {
        Set<String> told = new LinkedHashSet<>();
        Instant now = clock.instant();
        for (Map.Entry<UUID, String> e : ended.clientFamilies().entrySet()) {
            String clientId = e.getValue();
            if (clientId == null || !told.add(clientId)) {
                continue;
            }
            clients.userClient(clientId).filter(c -> c.backchannelLogoutUri() != null).ifPresent(c -> {
                LogoutDelivery d = new LogoutDelivery();
                d.id = UUID.randomUUID();
                d.clientId = clientId;
                d.uri = c.backchannelLogoutUri();
                d.accountId = ended.accountId();
                d.sid = ended.familyId();
                d.attempts = 0;
                d.nextAttemptAt = now;
                d.createdAt = now;
                d.persist();
            });
        }
    }

    /** After the commit: deliver now, off the request's thread. */
    void afterEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) RefreshTokenService.FamilyEnded ended) {
        sender.execute(this::deliverDueQuietly);
    }

    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        sender.execute(this::deliverDueQuietly);
    }

    /** Scheduled and after-commit rounds: skipped while one runs (the next tick or commit comes soon), so they never pile up. */
    private void deliverDueQuietly() {
        if (!round.tryLock()) {
            return;
        }
        try {
            deliverRound();
        } catch (RuntimeException e) {
            LOG.warnf("Back-channel logout delivery round failed: %s", e.getClass().getSimpleName());
        } finally {
            round.unlock();
        }
    }

    /** One delivery round at a time. */
    private final java.util.concurrent.locks.ReentrantLock round = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Delivers every due token once (after any round already running); returns how many were
     * delivered. Each logout token is signed when it is sent (a new {@code jti} and {@code iat}), so
     * one sent on the fifth attempt is as fresh as the first.
     */
    public int deliverDue() {
        round.lock();
        try {
            return deliverRound();
        } finally {
            round.unlock();
        }
    }

    /** The client's ID-token algorithm: its logout tokens are signed the same way (Back-Channel Logout 1.0, 2.4). */
    private dev.gatehouse.keys.SigningAlgorithm logoutAlg(String clientId) {
        return QuarkusTransaction.requiringNew().call(() -> clients.userClient(clientId)
                .map(ClientService.UserClient::idTokenAlg).orElse(dev.gatehouse.keys.SigningAlgorithm.RS256));
    }

    private int deliverRound() {
        Instant now = clock.instant();
        List<LogoutDelivery> due = QuarkusTransaction.requiringNew().call(() -> LogoutDelivery.<LogoutDelivery>find(
                "deliveredAt is null and attempts < ?1 and nextAttemptAt <= ?2 order by nextAttemptAt",
                config.backchannelLogoutMaxAttempts(), now).page(0, 50).list());
        int delivered = 0;
        for (LogoutDelivery d : due) {
            boolean ok;
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(d.uri))
                        .timeout(config.backchannelLogoutTimeout())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(
                                issuer.logoutToken(logoutAlg(d.clientId), d.accountId, d.clientId, d.sid), StandardCharsets.UTF_8)))
                        .build(), HttpResponse.BodyHandlers.discarding());
                ok = answer.statusCode() / 100 == 2;
            } catch (java.io.IOException | IllegalArgumentException | dev.gatehouse.common.DependencyUnavailableException e) {
                // DependencyUnavailableException: the client's algorithm has no active key now; retried later.
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return delivered;
            }
            boolean success = ok;
            int attempts = d.attempts + 1;
            Instant at = clock.instant();
            QuarkusTransaction.requiringNew().run(() -> {
                if (success) {
                    LogoutDelivery.update("deliveredAt = ?1, attempts = ?2 where id = ?3", at, attempts, d.id);
                } else {
                    LogoutDelivery.update("attempts = ?1, nextAttemptAt = ?2 where id = ?3", attempts,
                            at.plusSeconds(10L << Math.min(attempts - 1, 10)), d.id);
                }
            });
            if (success) {
                delivered++;
            } else {
                LOG.infof("Back-channel logout to client %s not delivered (attempt %d)", d.clientId, attempts);
            }
        }
        return delivered;
    }

    /** Forgets deliveries a day old. */
    @Scheduled(every = "1h", delayed = "5m")
    void purge() {
        QuarkusTransaction.requiringNew().run(() -> LogoutDelivery.delete("createdAt < ?1", clock.instant().minusSeconds(86400)));
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }
}
