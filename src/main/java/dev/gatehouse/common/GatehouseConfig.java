package dev.gatehouse.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings that cross capabilities. Every key maps to a {@code GATEHOUSE_*} environment variable
 * (see DESIGN.md, "Configuration names other programs rely on").
 */
@ConfigMapping(prefix = "gatehouse")
public interface GatehouseConfig {

    /**
     * Public base URL of this service ({@code GATEHOUSE_ISSUER}), such as {@code https://auth.example.com}:
     * the tokens' {@code iss}, the discovery document's {@code issuer}, and the base of every absolute
     * URL the service builds (redirects, the social {@code redirect_uri}). No default in production:
     * the service refuses to start without it (dev mode and tests set their own). No trailing slash,
     * query or fragment; {@code http://} only on localhost, since browsers drop Secure cookies elsewhere.
     */
    String issuer();

    /** Default {@code aud} of access tokens. */
    @WithDefault("gatehouse")
    String audience();

    /** Access-token lifetime (ISO-8601 duration such as {@code PT15M}, or a number of seconds). */
    @WithDefault("PT15M")
    Duration accessTokenTtl();

    /**
     * Secret that encrypts signing keys at rest (at least 32 characters). No default: production
     * refuses to start without it.
     */
    String keyEncryptionSecret();

    /** Where fast shared state (revocations, later sessions and counters) lives: {@code redis} or {@code memory}. */
    @WithDefault("redis")
    StoreKind store();

    /** E-mail of the first admin, created when the database holds no account yet. */
    Optional<String> bootstrapAdminEmail();

    /** Password of the first admin (same rules as any password). */
    Optional<String> bootstrapAdminPassword();

    /** Scopes a client may ask for; a login that asks for none gets all of them. */
    @WithDefault("openid,profile,email")
    List<String> scopes();

    /**
     * Where a browser may be sent after signing in (hosted page, social login): comma-separated
     * absolute URLs, each allowing its exact origin and the paths under its path. None by default.
     */
    Optional<List<String>> allowedReturnUrls();

    /** Where a browser goes after signing in when {@code return_to} is missing or not allowed. */
    @WithDefault("/login/signed-in")
    String defaultReturnUrl();

    enum StoreKind { REDIS, MEMORY }
}
