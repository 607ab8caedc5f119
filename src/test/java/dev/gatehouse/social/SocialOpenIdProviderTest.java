package dev.gatehouse.social;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.oidc.OidcFlows;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Continue with Google" in the middle of an OpenID authorization request: the sign-in resumes it. */
@QuarkusTest
class SocialOpenIdProviderTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void authorizeWhenSignedInWithGoogleThenResumesAndIdTokenSaysGoogle() {
        OidcFlows.Client client = OidcFlows.publicClient("https://rp.example.com/cb");
        HttpBrowser b = new HttpBrowser(root.toString().replaceAll("/$", ""));
        OidcFlows.Pkce pkce = OidcFlows.Pkce.create();
        Map<String, String> params = OidcFlows.request(client, pkce);
        HttpResponse<String> toLogin = OidcFlows.authorize(b, params);
        String login = HttpBrowser.location(toLogin);
        String returnTo = URLDecoder.decode(login.replaceAll(".*return_to=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        assertTrue(returnTo.startsWith("http://localhost:8081/oauth2/authorize?resume="), returnTo);
        String email = Api.uniqueEmail();
        SocialStandIns.nextGoogleUser("google-" + UUID.randomUUID(), email, true);
        HttpResponse<String> signedIn = SocialFlows.signIn(b, "google", returnTo);
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals(returnTo, HttpBrowser.location(signedIn));
        HttpResponse<String> back = b.get(returnTo);
        String location = HttpBrowser.location(back);
        assertTrue(location.startsWith("https://rp.example.com/cb?"), location);
        Map<String, String> q = OidcFlows.query(location);
        assertEquals(params.get("state"), q.get("state"));
        Response tokens = OidcFlows.exchange(client, q.get("code"), pkce.verifier());
        tokens.then().statusCode(200);
        Map<String, Object> id = OidcFlows.jwt(tokens.path("id_token"), 1);
        assertEquals(List.of("google"), id.get("amr"));
        assertEquals(email, id.get("email"));
        assertNotNull(id.get("auth_time"));
    }
}
