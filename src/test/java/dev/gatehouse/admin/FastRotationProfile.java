package dev.gatehouse.admin;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Rotation in seconds instead of days, in a schema of its own with a bootstrap admin. */
public class FastRotationProfile implements QuarkusTestProfile {

    static final String ADMIN_EMAIL = "admin@rotation.test";
    static final String ADMIN_PASSWORD = "Spinning-Wheel-Keys-2026";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=rotation_test",
                "quarkus.flyway.schemas", "rotation_test",
                "quarkus.flyway.clean-at-start", "true",
                "quarkus.flyway.clean-disabled", "false",
                "gatehouse.keys.publish-lead", "3s",
                "gatehouse.keys.reload-interval", "1s",
                "gatehouse.keys.jwks-max-age", "1s",
                "gatehouse.bootstrap-admin-email", ADMIN_EMAIL,
                "gatehouse.bootstrap-admin-password", ADMIN_PASSWORD);
    }
}
