package dev.gatehouse.account;

import dev.gatehouse.common.GatehouseConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Set;

/** Creates the first admin from GATEHOUSE_BOOTSTRAP_ADMIN_* when the database holds no account. */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final AccountService accounts;
    private final GatehouseConfig config;

    public AdminBootstrap(AccountService accounts, GatehouseConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.bootstrapAdminEmail().isEmpty() || config.bootstrapAdminPassword().isEmpty()) {
            return;
        }
        if (accounts.count() > 0) {
            return;
        }
        try {
            accounts.register(config.bootstrapAdminEmail().get(), config.bootstrapAdminPassword().get(), "Administrator",
                    Set.of(Account.ROLE_USER, Account.ROLE_ADMIN));
            LOG.info("Created the bootstrap admin account");
        } catch (dev.gatehouse.common.ProblemException e) {
            // Another instance created it first (409), or the configured password breaks a rule.
            if (e.status() != 409) {
                throw new IllegalStateException("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD is refused: " + e.rule());
            }
        }
    }
}
