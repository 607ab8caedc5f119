package dev.gatehouse.common;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service behind a TLS-terminating proxy: public URL https://auth.example.test, requests reach it over plain HTTP. */
public class HttpsIssuerProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://auth.example.test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gatehouse.issuer", ISSUER);
    }
}
