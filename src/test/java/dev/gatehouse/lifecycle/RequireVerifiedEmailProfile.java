package dev.gatehouse.lifecycle;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** {@code GATEHOUSE_REQUIRE_VERIFIED_EMAIL=true}. */
public class RequireVerifiedEmailProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gatehouse.lifecycle.require-verified-email", "true");
    }
}
