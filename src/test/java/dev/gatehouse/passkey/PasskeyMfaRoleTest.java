package dev.gatehouse.passkey;

import dev.gatehouse.Api;
import dev.gatehouse.TestDatabase;
import dev.gatehouse.mfa.MfaPolicyProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.gatehouse.passkey.PasskeyApi.authenticator;
import static dev.gatehouse.passkey.PasskeyApi.register;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A passkey sign-in is multi-factor ({@code amr} has {@code mfa}), so it satisfies a role that
 * requires a second factor everywhere, the hosted account page included (which once looked for
 * {@code otp} only and sent such a session back to sign in).
 */
@QuarkusTest
@TestProfile(MfaPolicyProfile.class)
class PasskeyMfaRoleTest {

    @jakarta.inject.Inject
    PasskeyService passkeys;

    @Test
    void accountPageWhenRoleRequiresMfaAndSessionIsAPasskeySignInThenShown() {
        String token = Api.newUserToken();
        String id = given().auth().oauth2(token).get("/auth/me").path("id");
        SoftAuthenticator a = authenticator();
        register(token, a, "Key");
        TestDatabase.storeRoles(id, "user", "admin");

        Response opts = given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .body("{\"session\":\"cookie\"}").post("/auth/passkeys/login/options");
        Response in = given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .cookie(PasskeyResource.BROWSER_COOKIE, opts.getCookie(PasskeyResource.BROWSER_COOKIE))
                .body("{\"ceremony\":\"" + opts.path("ceremony") + "\",\"session\":\"cookie\",\"credential\":"
                        + a.get(opts.path("publicKey")) + "}")
                .post("/auth/passkeys/login");
        in.then().statusCode(200);
        String session = in.getCookie("__Host-gatehouse-session");

        Response page = given().redirects().follow(false).cookie("__Host-gatehouse-session", session).get("/account");
        assertEquals(200, page.statusCode(), "a passkey session of an MFA-required role is not sent back to sign in");
    }

    /** The only second factor of a role that requires one stays: its owner gets 409, an admin may still remove it. */
    @Test
    void removeWhenOnlySecondFactorOfRequiredRoleThenRefusedToOwnerAllowedToAdmin() {
        String token = Api.newUserToken();
        String id = given().auth().oauth2(token).get("/auth/me").path("id");
        SoftAuthenticator a = authenticator();
        String first = register(token, a, "Only");
        String second = register(token, authenticator(), "Spare");
        TestDatabase.storeRoles(id, "user", "admin");
        String session = PasskeyApi.signIn(a).then().statusCode(200).extract().path("access_token");
        // Two passkeys: one may go.
        given().auth().oauth2(session).delete("/auth/passkeys/" + second).then().statusCode(204);
        given().auth().oauth2(session).delete("/auth/passkeys/" + first).then().statusCode(409)
                .body("type", org.hamcrest.Matchers.equalTo("urn:gatehouse:problem:second-factor-required"));
        given().auth().oauth2(session).get("/auth/passkeys").then().body("size()", org.hamcrest.Matchers.is(1));
        // An admin's recovery (not the owner) may: the account enrols again at its next sign-in.
        passkeys.remove(java.util.UUID.fromString(id), java.util.UUID.fromString(first), new dev.gatehouse.common.ClientInfo(null, null),
                "by admin test", false);
        given().auth().oauth2(session).get("/auth/passkeys").then().body("size()", org.hamcrest.Matchers.is(0));
    }
}
