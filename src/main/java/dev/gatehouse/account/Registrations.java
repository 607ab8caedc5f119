package dev.gatehouse.account;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.ProblemException;
import dev.gatehouse.protection.ProtectionConfig;
import dev.gatehouse.protection.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rules in front of self-service registration, shared by {@code POST /auth/register} and the
 * hosted {@code /signup} page: whether it is on at all, and its limits per client address and per
 * target e-mail address (case 69).
 */
@ApplicationScoped
public class Registrations {

    private final RegistrationConfig config;
    private final RateLimiter limiter;
    private final ProtectionConfig protection;

    public Registrations(RegistrationConfig config, RateLimiter limiter, ProtectionConfig protection) {
        this.config = config;
        this.limiter = limiter;
        this.protection = protection;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** 403 {@code registration-disabled} when self-service registration is off. */
    public void requireEnabled() {
        if (!config.enabled()) {
            throw new ProblemException(403, "registration-disabled", "Registration disabled",
                    "This service does not allow creating accounts yourself; ask its operator for an account.");
        }
    }

    /** Counts one registration by the client's address; 429 past the limit. */
    public void countAddress(ClientInfo client) {
        limiter.require("register-address", client.limitKey(), protection.registerPerAddress());
    }

    /** Counts one registration naming {@code rawEmail} (its normal form); 429 past the limit. Nothing is counted for what cannot be an address. */
    public void countEmail(String rawEmail) {
        String key = EmailAddress.lookupKey(rawEmail);
        if (key != null && !key.isEmpty()) {
            limiter.require("register-email", key, config.perEmail());
        }
    }
}
