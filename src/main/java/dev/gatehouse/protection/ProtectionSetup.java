package dev.gatehouse.protection;

import dev.gatehouse.common.ClientInfo;
import dev.gatehouse.common.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Wires the trusted proxies into client-address resolution, and answers rate-limited requests. */
@ApplicationScoped
public class ProtectionSetup {

    private final ProtectionConfig config;

    public ProtectionSetup(ProtectionConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        ClientInfo.trustProxies(config.trustedProxies().orElse(List.of()));
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
