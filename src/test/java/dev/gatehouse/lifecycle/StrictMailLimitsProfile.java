package dev.gatehouse.lifecycle;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The real limits on mail requests; 127.0.0.1 is a trusted proxy, so each test picks its own client address. */
public class StrictMailLimitsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.lifecycle.mail-requests-per-address", "10",
                "gatehouse.lifecycle.mail-requests-per-email", "3",
                "gatehouse.protection.trusted-proxies", "127.0.0.1,::1");
    }
}
