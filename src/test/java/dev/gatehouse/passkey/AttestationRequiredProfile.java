package dev.gatehouse.passkey;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** {@code GATEHOUSE_WEBAUTHN_ATTESTATION=required}. */
public class AttestationRequiredProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gatehouse.webauthn.attestation", "required");
    }
}
