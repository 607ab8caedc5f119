package dev.gatehouse.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Outgoing mail. The SMTP server itself is Quarkus's: {@code QUARKUS_MAILER_HOST}, {@code _PORT},
 * {@code _TLS} / {@code _START_TLS}, {@code _USERNAME}, {@code _PASSWORD}; in the embedded default
 * the mock mailer writes each mail to the log instead.
 */
@ConfigMapping(prefix = "gatehouse.mail")
public interface MailConfig {

    /**
     * The {@code From} of every mail ({@code GATEHOUSE_MAIL_FROM}), e.g. {@code "Acme <no-reply@acme.example>"};
     * by default {@code no-reply@} the issuer's host.
     */
    Optional<String> from();

    /** How often each instance looks for mails that are due (a new mail is also sent at once after its commit). */
    @WithDefault("10s")
    Duration pollInterval();

    /** Delay before the first retry of a mail the SMTP server did not accept; doubled for each further try, at most {@link #retryMax()}. */
    @WithDefault("30s")
    Duration retryBase();

    /** The longest wait between two tries. */
    @WithDefault("1h")
    Duration retryMax();

    /** Tries before a mail is given up (its bodies are then erased and the failure logged and counted). */
    @WithDefault("10")
    int maxAttempts();

    /** How long one sender holds a mail it took; after a crash another instance takes it then. */
    @WithDefault("2m")
    Duration claimFor();

    /** How long one SMTP hand-over may take before it counts as failed. */
    @WithDefault("30s")
    Duration sendTimeout();
}
