package dev.gatehouse.token;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Ready only while the revocation store (Redis in production) answers. */
@Readiness
@ApplicationScoped
public class RevocationStoreHealthCheck implements AsyncHealthCheck {

    private final RevocationService revocations;

    public RevocationStoreHealthCheck(RevocationService revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return revocations.ping()
                .ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(x -> HealthCheckResponse.up("revocation-store"))
                .onFailure().recoverWithItem(HealthCheckResponse.down("revocation-store"));
    }
}
