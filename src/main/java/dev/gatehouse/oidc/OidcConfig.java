package dev.gatehouse.oidc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The OpenID Provider ({@code gatehouse.oidc.*}). */
@ConfigMapping(prefix = "gatehouse.oidc")
public interface OidcConfig {

    /** Life of an authorization code (single use, bound to client, redirect URI and PKCE). */
    @WithDefault("60s")
    Duration codeTtl();

    /** Life of an ID token. */
    @WithDefault("5m")
    Duration idTokenTtl();

    /** How long an authorization request waits for the person to sign in or consent. */
    @WithDefault("10m")
    Duration pendingRequestTtl();

    /** Back-channel logout: deliveries tried at most this many times (back-off 10 s, 20 s, 40 s, ...). */
    @WithDefault("6")
    int backchannelLogoutMaxAttempts();

    /** Back-channel logout: connect and read timeout of one delivery. */
    @WithDefault("5s")
    Duration backchannelLogoutTimeout();

    /** Authorization requests per address per minute (the pending requests they may write). */
    @WithDefault("120")
    int authorizePerAddress();
}
