package dev.gatehouse.protection;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Wires the trusted proxies into client-address resolution, and answers rate-limited requests. */
@ApplicationScoped
public class ProtectionSetup {

    private static final Logger LOG = Logger.getLogger(ProtectionSetup.class);

    private final ProtectionConfig config;
    private final boolean quarkusAddressForwarding;

    public ProtectionSetup(ProtectionConfig config,
                           @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
                           boolean quarkusAddressForwarding) {
        this.config = config;
        this.quarkusAddressForwarding = quarkusAddressForwarding;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ClientInfo.trustProxies(config.trustedProxies().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.protection.trusted-proxies: " + e.getMessage()
                    + " (IP addresses or CIDR ranges, comma-separated)");
        }
        if (quarkusAddressForwarding) {
            // Quarkus then replaces the peer address by the FIRST entry of the first X-Forwarded-For
            // line, which the client writes: every per-address limit would be the client's choice.
            LOG.warn("quarkus.http.proxy.proxy-address-forwarding is on: the peer address is then taken from the "
                    + "left-most X-Forwarded-For entry, which clients can forge. Leave it off and list the proxies in "
                    + "GATEHOUSE_PROTECTION_TRUSTED_PROXIES instead.");
        }
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e) {
        return Response.status(429)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .entity(Problem.of(429, "rate-limited", "Too many requests",
                        "Too many attempts. Try again in " + e.retryAfterSeconds() + " seconds."))
                .build();
    }
}
