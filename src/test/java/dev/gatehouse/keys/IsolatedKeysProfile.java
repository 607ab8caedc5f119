package dev.gatehouse.keys;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Runs the key tests in a schema of their own, emptied at start, so time-travelling rotations never
 * touch the keys the other tests sign with. The scheduled tick is pushed out of the way.
 */
public class IsolatedKeysProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=keys_test",
                "quarkus.flyway.schemas", "keys_test",
                "quarkus.flyway.clean-at-start", "true",
                "quarkus.flyway.clean-disabled", "false",
                "gatehouse.keys.reload-interval", "1h");
    }
}
