package dev.gatehouse.lifecycle;

import dev.gatehouse.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static dev.gatehouse.lifecycle.Lifecycle.passwordLogin;
import static org.hamcrest.Matchers.equalTo;

/** With GATEHOUSE_REQUIRE_VERIFIED_EMAIL, password sign-in waits for the address to be proven; a wrong password still says nothing more. */
@QuarkusTest
@TestProfile(RequireVerifiedEmailProfile.class)
class RequireVerifiedEmailTest {

    @Test
    void loginWhenAddressNotVerifiedThenRefusedUntilTheLinkIsFollowed() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        passwordLogin(email, Api.PASSWORD).then().statusCode(403).body("error", equalTo("email_not_verified"));
        passwordLogin(email, "Wrong-Password-123").then().statusCode(401).body("error", equalTo("invalid_grant"));
        Lifecycle.verify(Lifecycle.verifyToken(email, 1)).then().statusCode(200);
        passwordLogin(email, Api.PASSWORD).then().statusCode(200);
    }
}
