package dev.gatehouse.common;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Refuses to start before anything is written. Quarkus runs the Flyway migrations before the first
 * {@link StartupEvent} observer, so the checks run where Flyway is configured (before it connects),
 * and again, should Flyway not run, at the very first start-up observer. Checks: the issuer
 * ({@link PublicUrls#parseIssuer}), a warning when it is plain HTTP on a public host, and every
 * {@link StartupCheck} (the bootstrap admin's e-mail and password).
 */
@ApplicationScoped
public class Preflight implements FlywayConfigurationCustomizer {

    private static final Logger LOG = Logger.getLogger(Preflight.class);

    private final PublicUrls urls;
    private final List<StartupCheck> checks;
    private volatile boolean done;

    public Preflight(PublicUrls urls, Instance<StartupCheck> checks) {
        this.urls = urls;
        this.checks = checks.stream().toList();
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        run();
    }

    void onStart(@Observes @Priority(Integer.MIN_VALUE) StartupEvent event) {
        run();
    }

    synchronized void run() {
        if (done) {
            return;
        }
        if (urls.secureCookiesDropped()) {
            LOG.warn(urls.secureCookiesDroppedMessage());
        }
        checks.forEach(StartupCheck::check);
        done = true;
    }
}
