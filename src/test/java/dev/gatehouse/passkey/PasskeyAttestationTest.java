package dev.gatehouse.passkey;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static dev.gatehouse.passkey.PasskeyApi.authenticator;
import static dev.gatehouse.passkey.PasskeyApi.finishRegistration;
import static dev.gatehouse.passkey.PasskeyApi.registerOptions;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With attestation required, the options ask for it and a "none" statement refuses the registration. */
@QuarkusTest
@TestProfile(AttestationRequiredProfile.class)
class PasskeyAttestationTest {

    @Test
    void registerWhenAttestationRequiredAndNoneGivenThenRefused() {
        String token = Api.newUserToken();
        PasskeyApi.Options o = registerOptions(token);
        assertEquals("direct", o.publicKey().get("attestation"));
        finishRegistration(token, o.ceremony(), "Unattested", authenticator().create(o.publicKey())).then().statusCode(400)
                .body("type", equalTo("urn:gatehouse:problem:passkey-invalid")).body("detail", containsString("attestation"));
    }
}
