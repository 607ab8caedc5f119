package dev.gatehouse.social;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.page.Pages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static dev.gatehouse.page.Pages.csrf;
import static dev.gatehouse.page.Pages.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linking and unlinking Google on the hosted account page, through the Google stand-in. */
@QuarkusTest
class AccountPageLinkTest {

    static final String APP = "https://app.example.com/app/home";

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    @Test
    void linkWhenOnAccountPageThenGoogleJoinsAndUnlinkRemovesIt() {
        String email = Api.uniqueEmail();
        String accountId = Api.register(email, Api.PASSWORD);
        HttpBrowser b = browser();
        Pages.signIn(b, email, Api.PASSWORD);
        String page = b.get("/account").body();
        assertTrue(page.contains("id=\"link-google\""), page);

        HttpResponse<String> started = b.postForm("/account/identities/link", form("csrf", csrf(b), "provider", "google"));
        assertEquals(200, started.statusCode(), started.body());
        assertTrue(started.body().contains("<meta http-equiv=\"refresh\" content=\"0;url=/auth/social/google/login?flow=link\">"),
                started.body());
        assertTrue(started.body().contains("href=\"/auth/social/google/login?flow=link\""), started.body());
        String next = "/auth/social/google/login?flow=link";
        SocialStandInsAccess.nextGoogleUser("g-page-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        HttpResponse<String> toCallback = b.get(URI.create(next).getRawPath() + "?flow=link");
        assertEquals(303, toCallback.statusCode(), toCallback.body());
        HttpResponse<String> challenge = b.get(HttpBrowser.location(toCallback));
        HttpResponse<String> done = b.get(SocialFlows.authorize(HttpBrowser.location(challenge)));
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(root + "account", HttpBrowser.location(done), "back on the account page");
        assertEquals(List.of("google"), SocialSecurityTest.identitiesOf(accountId));
        String linked = b.get("/account").body();
        assertTrue(linked.contains("id=\"unlink-google\""), linked);

        HttpResponse<String> unlinked = b.postForm("/account/identities/unlink", form("csrf", csrf(b), "provider", "google"));
        assertEquals(303, unlinked.statusCode(), unlinked.body());
        assertEquals(List.of(), SocialSecurityTest.identitiesOf(accountId));
    }

    @Test
    void unlinkWhenLastWayToSignInThenRefusedOnThePage() {
        SocialStandInsAccess.nextGoogleUser("g-only-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        HttpBrowser b = browser();
        SocialFlows.signIn(b, "google", APP);
        String page = b.get("/account").body();
        assertTrue(page.contains("id=\"no-password\""), page);
        HttpResponse<String> r = b.postForm("/account/identities/unlink", form("csrf", csrf(b), "provider", "google"));
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("only way to sign in"), r.body());
        assertTrue(r.body().contains("id=\"unlink-google\""), "still linked");
    }

    @Test
    void unlinkWhenAPasskeyRemainsThenAllowedOnThePage() {
        SocialStandInsAccess.nextGoogleUser("g-pk-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        HttpBrowser b = browser();
        SocialFlows.signIn(b, "google", APP);
        String access = io.restassured.path.json.JsonPath.from(SocialFlows.refresh(b).body()).getString("access_token");
        String accountId = SocialLoginResourceTest.subjectOf(b);
        dev.gatehouse.passkey.PasskeyApi.register(access, dev.gatehouse.passkey.PasskeyApi.authenticator(), "my phone");
        HttpResponse<String> r = b.postForm("/account/identities/unlink", form("csrf", csrf(b), "provider", "google"));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(List.of(), SocialSecurityTest.identitiesOf(accountId));
    }
}
