package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A product's branding: name, logo on a CDN, a light primary colour, support and app links. */
public class BrandedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.brand.name", "Acme <Cloud>",
                "gatehouse.brand.logo-url", "https://cdn.acme.example/logo.svg",
                "gatehouse.brand.primary-color", "#FC0",
                "gatehouse.brand.support-url", "mailto:help@acme.example",
                "gatehouse.brand.app-url", "https://app.example.com/app/home");
    }
}
