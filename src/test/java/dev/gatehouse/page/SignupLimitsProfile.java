package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Small registration limits; 127.0.0.1 is a trusted proxy, so each test picks its own client address. */
public class SignupLimitsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.protection.register-per-address", "2",
                "gatehouse.registration.per-email", "2",
                "gatehouse.protection.trusted-proxies", "127.0.0.1,::1");
    }
}
