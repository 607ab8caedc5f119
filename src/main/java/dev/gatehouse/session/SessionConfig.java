package dev.gatehouse.session;

import io.smallrye.config.ConfigMapping;

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
}
