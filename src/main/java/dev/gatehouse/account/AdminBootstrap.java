package dev.gatehouse.account;

import dev.gatehouse.common.DependencyUnavailableException;
import dev.gatehouse.common.GatehouseConfig;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.common.StartupCheck;
import dev.gatehouse.password.PasswordPolicy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Creates the first admin from GATEHOUSE_BOOTSTRAP_ADMIN_* when the database holds no account. The
 * e-mail and password are checked against the rules before anything is written ({@link #check},
 * run by {@code Preflight} before the migrations), so a password that breaks the policy refuses the
 * start with a message instead of failing after the schema was changed.
 */
@ApplicationScoped
public class AdminBootstrap implements StartupCheck {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final AccountService accounts;
    private final PasswordPolicy policy;
    private final GatehouseConfig config;

    public AdminBootstrap(AccountService accounts, PasswordPolicy policy, GatehouseConfig config) {
        this.accounts = accounts;
        this.policy = policy;
        this.config = config;
    }

    @Override
    public void check() {
        boolean email = config.bootstrapAdminEmail().isPresent();
        boolean password = config.bootstrapAdminPassword().isPresent();
        if (email != password) {
            throw new IllegalStateException("GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL and GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD go"
                    + " together: set both (to create the first admin) or neither. Nothing was changed.");
        }
        if (!email) {
            return;
        }
        String address;
        try {
            address = EmailAddress.require(config.bootstrapAdminEmail().get());
        } catch (ProblemException e) {
            throw new IllegalStateException("GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL is refused (" + e.rule() + "): "
                    + e.getMessage() + " Nothing was changed.");
        }
        try {
            policy.check(config.bootstrapAdminPassword().get(), address);
        } catch (ProblemException e) {
            throw new IllegalStateException("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD breaks the password policy (" + e.rule()
                    + "): " + e.getMessage() + " Nothing was changed; set a password that meets the rules (see the README).");
        } catch (DependencyUnavailableException e) {
            // The breached-password service is down: the registration below checks again (and fails
            // then, having written nothing but the schema); an outage of it must not stop every start.
            LOG.warn("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD could not be checked against breached passwords now");
        }
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
        } catch (ProblemException e) {
            // Another instance created it first (409); the rules were checked before the migrations.
            if (e.status() != 409) {
                throw new IllegalStateException("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD is refused: " + e.rule());
            }
        }
    }
}
