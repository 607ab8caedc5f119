package dev.gatehouse.keys;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a signing key is loaded. */
@Readiness
@ApplicationScoped
public class SigningKeyHealthCheck implements HealthCheck {

    private final KeyManager keys;

    public SigningKeyHealthCheck(KeyManager keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("signing-keys").status(keys.loaded())
                .withData("provider", CryptoProvider.signer())
                .withData("native", CryptoProvider.installed());
        String error = CryptoProvider.loadError();
        if (error != null) {
            response.withData("native-unavailable", error);
        }
        return response.build();
    }
}
