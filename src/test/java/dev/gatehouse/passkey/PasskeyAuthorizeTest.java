package dev.gatehouse.passkey;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.oidc.OidcFlows;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.passkey.PasskeyApi.authenticator;
import static dev.gatehouse.passkey.PasskeyApi.register;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relying party's sign-in through {@code /oauth2/authorize} answered with a passkey: the
 * authorization request sends the browser to the sign-in page, the passkey sign-in (hosted variant,
 * bound to the browser) returns it to the request, and the code's ID token says how the person
 * signed in ({@code amr} {@code swk}, a passkey whose maker was not attested, with {@code user} and {@code mfa}) for the same subject
 * as the account.
 */
@QuarkusTest
class PasskeyAuthorizeTest {

    static final String RP = "https://rp.example.com/passkey-cb";

    @TestHTTPResource("/")
    URL root;

    @Test
    void authorizeWhenSignedInWithAPasskeyThenTheCodesIdTokenCarriesItsAmr() {
        String email = Api.uniqueEmail();
        String accountId = Api.register(email, Api.PASSWORD);
        SoftAuthenticator key = authenticator();
        register(Api.login(email, Api.PASSWORD), key, "Laptop");
        OidcFlows.Client client = OidcFlows.publicClient(RP);
        OidcFlows.Pkce pkce = OidcFlows.Pkce.create();
        Map<String, String> request = OidcFlows.request(client, pkce);

        HttpBrowser b = new HttpBrowser(root.toString().replaceAll("/$", ""));
        HttpResponse<String> toLogin = OidcFlows.authorize(b, request);
        assertEquals(303, toLogin.statusCode(), toLogin.body());
        String returnTo = OidcFlows.query(HttpBrowser.location(toLogin)).get("return_to");
        assertNotNull(returnTo, HttpBrowser.location(toLogin));

        // The sign-in page's script: options bound to this browser, then the assertion with return_to.
        Response options = given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .body("{\"session\":\"cookie\"}").post("/auth/passkeys/login/options");
        options.then().statusCode(200);
        String binding = options.getCookie(PasskeyResource.BROWSER_COOKIE);
        Response signedIn = given().contentType(ContentType.JSON).header("X-Requested-With", "fetch")
                .cookie(PasskeyResource.BROWSER_COOKIE, binding)
                .body(Map.of("ceremony", options.path("ceremony"), "session", "cookie", "return_to", returnTo,
                        "credential", io.restassured.path.json.JsonPath.from(key.get(options.path("publicKey"))).getMap("")))
                .post("/auth/passkeys/login");
        signedIn.then().statusCode(200);
        assertEquals(returnTo, signedIn.path("location"), "back to the authorization request");
        String session = signedIn.getCookie(OidcFlows.SESSION);
        assertNotNull(session);
        b.setCookie(OidcFlows.SESSION, session, "/");

        HttpResponse<String> back = b.get(returnTo);
        assertEquals(303, back.statusCode(), back.body());
        String location = HttpBrowser.location(back);
        assertTrue(location.startsWith(RP), location);
        Map<String, String> answer = OidcFlows.query(location);
        assertEquals(request.get("state"), answer.get("state"));

        Response tokens = OidcFlows.exchange(client, answer.get("code"), pkce.verifier());
        tokens.then().statusCode(200);
        Map<String, Object> idToken = OidcFlows.jwt(tokens.path("id_token"), 1);
        assertEquals(accountId, idToken.get("sub"));
        assertEquals(List.of("swk", "user", "mfa"), idToken.get("amr"), "a user-verified passkey: something held and something known or been");
        assertEquals(request.get("nonce"), idToken.get("nonce"));
        given().auth().oauth2((String) tokens.path("access_token")).get("/oauth2/userinfo").then().statusCode(200);
    }
}
