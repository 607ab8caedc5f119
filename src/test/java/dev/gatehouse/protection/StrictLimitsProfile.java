package dev.gatehouse.protection;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Real-size limits with short lockouts; 127.0.0.1 is a trusted proxy, so each test picks its own client address. */
public class StrictLimitsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.protection.login-per-address", "3",
                "gatehouse.protection.login-per-account", "1000",
                "gatehouse.protection.register-per-address", "2",
                "gatehouse.protection.lockout-threshold", "5",
                "gatehouse.protection.lockout-base", "1s",
                "gatehouse.protection.lockout-max", "3s",
                "gatehouse.protection.trusted-proxies", "127.0.0.1,::1");
    }
}
