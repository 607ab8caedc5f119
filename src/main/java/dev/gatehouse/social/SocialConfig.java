package dev.gatehouse.social;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Social login. The providers themselves are quarkus-oidc tenants ({@code QUARKUS_OIDC_GOOGLE_*},
 * {@code QUARKUS_OIDC_GITHUB_*}); these are the settings around them.
 */
@ConfigMapping(prefix = "gatehouse.social")
public interface SocialConfig {

    /**
     * Encrypts the OIDC state cookie (which holds the PKCE verifier and the nonce); at least 32
     * characters, the same on every instance. Required when a provider is on.
     */
    Optional<String> stateSecret();

    /**
     * Encrypts the short-lived OIDC session cookie that carries the provider's tokens from the
     * code exchange to our callback; at least 32 characters, the same on every instance. Required
     * when a provider is on.
     */
    Optional<String> tokenEncryptionSecret();

    /** Base URL of GitHub's REST API (for {@code /user/emails}); a stand-in's URL in tests. */
    @WithDefault("https://api.github.com")
    String githubApiUrl();

    /** Time limit for one call to a provider's API. */
    @WithDefault("5s")
    Duration providerTimeout();

    /** How long a started sign-in or link flow may take at the provider before it must start again. */
    @WithDefault("PT10M")
    Duration flowLifetime();
}
