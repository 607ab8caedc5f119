package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Self-service registration off (GATEHOUSE_REGISTRATION_ENABLED=false). */
public class RegistrationOffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gatehouse.registration.enabled", "false");
    }
}
