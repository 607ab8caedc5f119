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
import static dev.gatehouse.passkey.PasskeyApi.signIn;

/**
 * With attestation required, the options ask for it, and only a statement whose signature verifies
 * under the certificate it carries registers: "none", self attestation and a bad signature are
 * refused. Only such a key signs in as {@code hwk}.
 */
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

    @Test
    void registerWhenPackedStatementSignatureDoesNotVerifyThenRefused() {
        String token = Api.newUserToken();
        PasskeyApi.Options o = registerOptions(token);
        finishRegistration(token, o.ceremony(), "Forged", authenticator().create(o.publicKey(), SoftAuthenticator.Attestation.BAD_SIGNATURE))
                .then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:passkey-invalid"));
    }

    @Test
    void registerWhenOnlySelfAttestedThenRefused() {
        String token = Api.newUserToken();
        PasskeyApi.Options o = registerOptions(token);
        finishRegistration(token, o.ceremony(), "Self", authenticator().create(o.publicKey(), SoftAuthenticator.Attestation.SELF))
                .then().statusCode(400).body("type", equalTo("urn:gatehouse:problem:passkey-invalid"));
    }

    @Test
    void registerWhenCertifiedStatementVerifiesThenStoredAndSignsInAsHardwareKey() {
        String token = Api.newUserToken();
        SoftAuthenticator a = authenticator();
        PasskeyApi.Options o = registerOptions(token);
        finishRegistration(token, o.ceremony(), "Attested", a.create(o.publicKey(), SoftAuthenticator.Attestation.CERTIFIED))
                .then().statusCode(201);
        String access = signIn(a).then().statusCode(200).extract().path("access_token");
        assertEquals("[\"hwk\",\"user\",\"mfa\"]", dev.gatehouse.mfa.MfaApi.amrOf(access));
    }
}
