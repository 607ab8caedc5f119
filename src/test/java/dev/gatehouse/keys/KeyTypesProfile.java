package dev.gatehouse.keys;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Every signing algorithm enabled (issue 14, item 4), access tokens in ES256, in a schema of its own
 * emptied at start (so the shared schema keeps RS256 only, and time-travelling rotations touch
 * nothing else); a bootstrap admin registers the clients. The scheduled tick is pushed out of the way.
 */
public class KeyTypesProfile implements QuarkusTestProfile {

    public static final String ADMIN_EMAIL = "admin@keytypes.test";
    public static final String ADMIN_PASSWORD = "Four-Kinds-Of-Keys-2026";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=keytypes_test",
                "quarkus.flyway.schemas", "keytypes_test",
                "quarkus.flyway.clean-at-start", "true",
                "quarkus.flyway.clean-disabled", "false",
                "gatehouse.keys.reload-interval", "1h",
                "gatehouse.keys.algorithms", "RS256,PS256,ES256,EdDSA",
                "gatehouse.keys.access-token-algorithm", "ES256",
                "gatehouse.bootstrap-admin-email", ADMIN_EMAIL,
                "gatehouse.bootstrap-admin-password", ADMIN_PASSWORD);
    }
}
