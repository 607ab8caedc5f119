package dev.gatehouse.lifecycle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** E-mail verification, password reset and e-mail change (package lifecycle). */
@ConfigMapping(prefix = "gatehouse.lifecycle")
public interface LifecycleConfig {

    /** How long a verification link (sign-up, resend, e-mail change) works. */
    @WithDefault("24h")
    Duration verificationTtl();

    /** How long a password-reset link works. */
    @WithDefault("30m")
    Duration resetTtl();

    /**
     * {@code GATEHOUSE_REQUIRE_VERIFIED_EMAIL}: password sign-in is refused ({@code email_not_verified},
     * after the password passed) until the account's address is verified.
     */
    @WithDefault("false")
    boolean requireVerifiedEmail();

    /** Forgot-password and resend requests per client address per {@link #mailWindow()}. */
    @WithDefault("10")
    int mailRequestsPerAddress();

    /** Forgot-password and resend requests naming one e-mail address per {@link #mailWindow()} (no mailbox is flooded). */
    @WithDefault("3")
    int mailRequestsPerEmail();

    /** The window of the two limits above. */
    @WithDefault("15m")
    Duration mailWindow();

    /** Tries to redeem a link (verify, reset) per client address per minute (a link has 256 bits: this stops floods). */
    @WithDefault("30")
    int redeemPerAddress();

    /** How often each instance takes the forgot-password and resend requests that are waiting. */
    @WithDefault("10s")
    Duration requestPollInterval();
}
