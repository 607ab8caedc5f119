package dev.gatehouse.mfa;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** MFA required for admins, the MFA step's real-size limits; 127.0.0.1 is a trusted proxy, so each test picks its own address. */
public class MfaPolicyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.mfa.required-roles", "admin",
                "gatehouse.mfa.verify-per-account", "4",
                "gatehouse.mfa.verify-per-address", "6",
                "gatehouse.protection.trusted-proxies", "127.0.0.1,::1");
    }
}
