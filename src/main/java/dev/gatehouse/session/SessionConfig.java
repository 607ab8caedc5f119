package dev.gatehouse.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Browser sessions. */
@ConfigMapping(prefix = "gatehouse.session")
public interface SessionConfig {

    /**
     * Origins (scheme://host[:port]) whose pages may make cookie-authenticated state changes, besides
     * the issuer's own origin. A request with any other {@code Origin} is refused with 403.
     */
    Optional<List<String>> allowedOrigins();

    /**
     * How recent a sign-in must be for the sensitive actions that do not ask for the password
     * again ({@code GATEHOUSE_SESSION_RECENT_SIGN_IN}): turning TOTP on ({@code POST /auth/mfa/totp}
     * and the account page) and, on the account page, linking a provider. Measured from the
     * session's sign-in, not its last refresh. Past it: sign in again.
     */
    @WithDefault("10m")
    java.time.Duration recentSignIn();
}
