package dev.gatehouse.keys;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A schema of its own for the rotation race (its rotations are far in the future and would disturb other key tests). */
public class KeyRotationRaceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=rotation_race_test",
                "quarkus.flyway.schemas", "rotation_race_test",
                "quarkus.flyway.clean-at-start", "true",
                "quarkus.flyway.clean-disabled", "false",
                "gatehouse.keys.reload-interval", "1h");
    }
}
