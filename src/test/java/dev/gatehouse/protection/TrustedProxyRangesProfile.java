package dev.gatehouse.protection;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A real-size per-address login limit, with the loopback ranges of both IP families as trusted proxies. */
public class TrustedProxyRangesProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.protection.login-per-address", "3",
                "gatehouse.protection.login-per-account", "1000",
                "gatehouse.protection.lockout-threshold", "1000",
                "gatehouse.protection.trusted-proxies", "127.0.0.0/8,::1/128");
    }
}
