package dev.gatehouse.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Self-service registration. */
@ConfigMapping(prefix = "gatehouse.registration")
public interface RegistrationConfig {

    /**
     * Whether people may create their own accounts ({@code GATEHOUSE_REGISTRATION_ENABLED}): the hosted
     * {@code /signup} page and {@code POST /auth/register}. When false, {@code /signup} is 404 and the API
     * answers 403 {@code registration-disabled}; accounts then come from an admin, the bootstrap admin, or
     * a social sign-in of a provider an operator turned on.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Registrations naming one e-mail address per rate-limit window ({@code GATEHOUSE_REGISTRATION_PER_EMAIL}),
     * from any client address: with the per-address limit ({@code gatehouse.protection.register-per-address})
     * it stops a flood against one address (and the mails it would trigger) from many addresses.
     */
    @WithDefault("3")
    int perEmail();
}
