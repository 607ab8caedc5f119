package dev.gatehouse.verifier;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Builds a verifier from named settings, for frameworks that configure by properties. Keys (and
 * their environment spelling): {@code gatehouse.verifier.issuer} ({@code GATEHOUSE_VERIFIER_ISSUER},
 * required), {@code .audience} (default {@code gatehouse}), {@code .client-id} and
 * {@code .client-secret} (the feed's service client, required), {@code .poll-interval} (ISO-8601 or
 * seconds, default 5 s), {@code .fail-open-for} (default or 0: fail closed), {@code .clock-skew} (30 s).
 */
public final class VerifierSettings {

    private VerifierSettings() {
    }

    /** From MicroProfile Config when it is on the class path (Quarkus), else system properties, else the environment. */
    public static GatehouseVerifier.Builder fromConfig() {
        return from(VerifierSettings::lookup);
    }

    public static GatehouseVerifier.Builder from(UnaryOperator<String> settings) {
        String issuer = required(settings, "gatehouse.verifier.issuer");
        GatehouseVerifier.Builder b = GatehouseVerifier.builder(issuer)
                .feedClient(required(settings, "gatehouse.verifier.client-id"), required(settings, "gatehouse.verifier.client-secret"));
        String v;
        if ((v = settings.apply("gatehouse.verifier.audience")) != null) {
            b.audience(v);
        }
        if ((v = settings.apply("gatehouse.verifier.poll-interval")) != null) {
            b.pollInterval(duration(v));
        }
        if ((v = settings.apply("gatehouse.verifier.fail-open-for")) != null && !duration(v).isZero()) {
            b.onFeedFailure(FeedFailurePolicy.failOpenFor(duration(v)));
        }
        if ((v = settings.apply("gatehouse.verifier.clock-skew")) != null) {
            b.clockSkew(duration(v));
        }
        return b;
    }

    static Duration duration(String v) {
        String t = v.trim();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        if (t.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.matches("\\d+s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.parse(t);
    }

    private static String required(UnaryOperator<String> settings, String key) {
        String v = settings.apply(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(key + " is not set");
        }
        return v.trim();
    }

    private static String lookup(String key) {
        try {
            // Reflection: MicroProfile Config is optional (the library depends on jose4j only).
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider");
            Object config = provider.getMethod("getConfig").invoke(null);
            Object value = config.getClass().getMethod("getOptionalValue", String.class, Class.class).invoke(config, key, String.class);
            if (value instanceof java.util.Optional<?> o && o.isPresent()) {
                return (String) o.get();
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not available: fall through
        }
        String p = System.getProperty(key);
        if (p != null) {
            return p;
        }
        return System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
}
