package dev.gatehouse.verifier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VerifierSettingsTest {

    @Test
    void fromWhenIssuerOrClientMissingThenRefusedNamingTheKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> VerifierSettings.from(Map.of("gatehouse.verifier.issuer", "https://auth.example.com")::get));
        assertEquals("gatehouse.verifier.client-id is not set", e.getMessage());
    }

    @Test
    void durationWhenSecondsMillisOrIsoThenParsed() {
        assertEquals(Duration.ofSeconds(300), VerifierSettings.duration("300"));
        assertEquals(Duration.ofMillis(1000), VerifierSettings.duration("1000ms"));
        assertEquals(Duration.ofSeconds(5), VerifierSettings.duration("5s"));
        assertEquals(Duration.ofMinutes(2), VerifierSettings.duration("PT2M"));
    }

    @Test
    void fromWhenAllSetThenBuilds() {
        Map<String, String> m = Map.of("gatehouse.verifier.issuer", "https://auth.example.com", "gatehouse.verifier.client-id", "a",
                "gatehouse.verifier.client-secret", "b", "gatehouse.verifier.fail-open-for", "0", "gatehouse.verifier.poll-interval", "1000ms");
        try (GatehouseVerifier v = VerifierSettings.from(m::get).build()) {
            assertEquals(false, v.stats().synced());
        }
    }
}
