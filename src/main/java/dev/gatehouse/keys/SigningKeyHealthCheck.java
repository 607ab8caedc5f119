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
    private final SigningAlgorithms algorithms;

    public SigningKeyHealthCheck(KeyManager keys, SigningAlgorithms algorithms) {
        this.keys = keys;
        this.algorithms = algorithms;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("signing-keys").status(keys.loaded())
                .withData("provider", CryptoProvider.signer())
                .withData("native", CryptoProvider.installed())
                .withData("algorithms", String.join(",", algorithms.names()))
                .withData("access-token-algorithm", keys.accessTokenKeyAlgorithm());
        for (SigningAlgorithm alg : algorithms.enabled()) {
            response.withData("provider-" + alg.jose(), CryptoProvider.signer(alg));
        }
        String error = CryptoProvider.loadError();
        if (error != null) {
            response.withData("native-unavailable", error);
        }
        return response.build();
    }
}
