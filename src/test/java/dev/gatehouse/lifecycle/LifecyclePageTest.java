package dev.gatehouse.lifecycle;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.mfa.MfaApi;
import dev.gatehouse.page.Pages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.gatehouse.lifecycle.Lifecycle.forgot;
import static dev.gatehouse.lifecycle.Lifecycle.resetToken;
import static dev.gatehouse.lifecycle.Lifecycle.verifyToken;
import static dev.gatehouse.page.Pages.form;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hosted /forgot, /reset and /verify pages over HTTP: SECURITY-CASES 63, 67 and 70, and the e-mail change form on /account. */
@QuarkusTest
class LifecyclePageTest {

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void verifyPageWhenFetchedByAScannerThenTheLinkStillWorks() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        // A mail scanner fetches the link (twice, without cookies): it only ever sees the form.
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> scanned = browser().get("/verify?token=" + token);
            assertEquals(200, scanned.statusCode());
            assertTrue(scanned.body().contains("action=\"/verify\""), scanned.body());
        }
        // The person's browser (signed in nowhere) confirms with the form's POST and the account's password.
        HttpBrowser person = browser();
        String page = person.get("/verify?token=" + token).body();
        HttpResponse<String> done = person.postForm("/verify", form("csrf", Pages.csrf(page), "token", token, "password", Api.PASSWORD));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains(email));
        assertEquals(400, browser().get("/verify?token=" + token).statusCode(), "used up by the POST");
    }

    @Test
    void verifyPageWhenPostedWithoutTheBrowsersCsrfTokenThenRefusedAndTheLinkStaysUnused() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        HttpBrowser attacker = browser();
        String attackerCsrf = Pages.csrf(attacker.get("/verify?token=" + token).body());
        HttpBrowser victim = browser();
        victim.get("/verify?token=" + token);
        HttpResponse<String> forged = victim.postForm("/verify", form("csrf", attackerCsrf, "token", token));
        assertEquals(403, forged.statusCode());
        Lifecycle.verify(token).then().statusCode(200);
    }

    @Test
    void forgotPageWhenKnownOrUnknownAddressThenTheSamePage() {
        String known = Api.uniqueEmail();
        Api.register(known, Api.PASSWORD);
        HttpBrowser b = browser();
        String csrf = Pages.csrf(b.get("/forgot").body());
        HttpResponse<String> a = b.postForm("/forgot", form("csrf", csrf, "email", known));
        HttpResponse<String> u = b.postForm("/forgot", form("csrf", csrf, "email", Api.uniqueEmail()));
        assertEquals(202, a.statusCode());
        assertEquals(a.statusCode(), u.statusCode());
        assertEquals(a.body(), u.body());
        assertEquals(a.headers().map().keySet(), u.headers().map().keySet());
        assertTrue(dev.gatehouse.mail.GreenMailResource.linkIn(Lifecycle.awaitLinkMail(known, "/reset", 1)).orElseThrow().contains("/reset?token="));
    }

    @Test
    void forgotPageWhenInputIsMarkupThenItIsEscaped() {
        HttpBrowser b = browser();
        String csrf = Pages.csrf(b.get("/forgot").body());
        String hostile = "\"><script>alert(1)</script>@example.com";
        HttpResponse<String> r = b.postForm("/forgot", form("csrf", csrf, "email", hostile));
        assertEquals(400, r.statusCode());
        assertFalse(r.body().contains("<script>alert(1)"), r.body());
        assertTrue(r.body().contains("&lt;script&gt;") || r.body().contains("&#"), r.body());
        assertFalse(r.headers().firstValue("Content-Security-Policy").orElse("").contains("unsafe-inline"));
    }

    @Test
    void forgotPageWhenCsrfMissingThenRefusedAndNothingSent() {
        String known = Api.uniqueEmail();
        Api.register(known, Api.PASSWORD);
        Lifecycle.awaitMails(known, 1);
        HttpResponse<String> r = browser().postForm("/forgot", form("csrf", "forged-token-forged-token-forged-token-1234", "email", known));
        assertEquals(403, r.statusCode());
        // The forged request mailed nothing: a real request afterwards brings exactly the second mail.
        forgot(known).then().statusCode(202);
        Lifecycle.awaitMails(known, 2);
        assertEquals(2, Lifecycle.mailCount(known));
    }

    @Test
    void resetPageWhenLinkFollowedThenNewPasswordSetAndTheLinkSpent() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        forgot(email);
        String token = resetToken(email, 1);
        HttpBrowser b = browser();
        String page = b.get("/reset?token=" + token).body();
        assertFalse(page.contains("name=\"code\""), "no code field without MFA");
        // GET again: still the form (nothing used up by looking).
        assertEquals(200, browser().get("/reset?token=" + token).statusCode());
        HttpResponse<String> weak = b.postForm("/reset", form("csrf", Pages.csrf(page), "token", token, "new_password", "short"));
        assertEquals(400, weak.statusCode());
        HttpResponse<String> done = b.postForm("/reset", form("csrf", Pages.csrf(page), "token", token, "new_password", Lifecycle.NEW_PASSWORD));
        assertEquals(200, done.statusCode(), done.body());
        Lifecycle.passwordLogin(email, Lifecycle.NEW_PASSWORD).then().statusCode(200);
        assertEquals(400, browser().get("/reset?token=" + token).statusCode());
    }

    @Test
    void resetPageWhenMfaOnThenTheFormAsksForTheCodeAndNeedsIt() {
        MfaApi.Enrolled person = MfaApi.enrolled();
        Lifecycle.proveSignedIn(person.email(), person.token());
        forgot(person.email());
        String token = resetToken(person.email(), 1);
        HttpBrowser b = browser();
        String page = b.get("/reset?token=" + token).body();
        assertTrue(page.contains("name=\"code\""), page);
        HttpResponse<String> without = b.postForm("/reset", form("csrf", Pages.csrf(page), "token", token, "new_password", Lifecycle.NEW_PASSWORD));
        assertEquals(403, without.statusCode());
        HttpResponse<String> with = b.postForm("/reset", form("csrf", Pages.csrf(page), "token", token,
                "new_password", Lifecycle.NEW_PASSWORD, "code", person.code(1)));
        assertEquals(200, with.statusCode(), with.body());
    }

    @Test
    void resetPageWhenTokenUnknownOrHostileThenTheInvalidPageWithoutEchoingIt() {
        for (String token : new String[] {"", "nope", "<script>x</script>", "A".repeat(43), "x".repeat(3000)}) {
            HttpResponse<String> r = browser().get("/reset?token=" + q(token));
            assertEquals(400, r.statusCode());
            assertFalse(r.body().contains("<script>x"), r.body());
            assertTrue(r.body().contains("href=\"/forgot\""));
        }
        assertEquals(400, browser().get("/verify").statusCode());
    }

    @Test
    void accountPageWhenChangingTheAddressThenTheNewOneGetsALinkAndTheOldOneStaysUntilThen() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpBrowser b = browser();
        Pages.signIn(b, email, Api.PASSWORD);
        String page = b.get("/account").body();
        assertTrue(page.contains("action=\"/account/email\""), page);
        String replacement = Api.uniqueEmail();
        HttpResponse<String> wrong = b.postForm("/account/email", form("csrf", Pages.csrf(page), "new_email", replacement,
                "current_password", "Not-The-Password-1"));
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("id=\"email-error\""), wrong.body());
        HttpResponse<String> sent = b.postForm("/account/email", form("csrf", Pages.csrf(page), "new_email", replacement,
                "current_password", Api.PASSWORD));
        assertEquals(303, sent.statusCode(), sent.body());
        assertTrue(HttpBrowser.location(sent).endsWith("/account?done=email-change-sent"));
        String token = verifyToken(replacement, 1);
        HttpResponse<String> confirm = b.postForm("/verify", form("csrf", Pages.csrf(b.get("/verify?token=" + token).body()), "token", token));
        assertEquals(200, confirm.statusCode());
        assertTrue(b.get("/account").body().contains(replacement));
        // Without the page's CSRF token nothing happens.
        assertEquals(403, b.postForm("/account/email", form("csrf", "x", "new_email", Api.uniqueEmail(),
                "current_password", Api.PASSWORD)).statusCode());
    }

    @Test
    void pagesWhenReaderPrefersGermanThenGerman() {
        HttpResponse<String> r = browser().get("/forgot", "Accept-Language", "de-DE,de;q=0.9");
        assertTrue(r.body().contains("Passwort zurücksetzen"), r.body());
        assertTrue(r.body().contains("lang=\"de\""));
        // The sign-in page's passkey part too, and the messages its script shows.
        String login = browser().get("/login", "Accept-Language", "de").body();
        assertTrue(login.contains("Mit einem Passkey anmelden"), login);
        assertTrue(login.contains("data-msg-refused=\"Dieser Passkey wurde nicht angenommen."), login);
    }

    @Test
    void accountPageWhenThePasswordIsChangedThenAPendingEmailChangeIsVoid() {
        Lifecycle.PendingChange pending = Lifecycle.accountWithPendingChange();
        String email = pending.email();
        String intruder = pending.intruder();
        String changeLink = pending.changeLink();
        HttpBrowser b = browser();
        Pages.signIn(b, email, Api.PASSWORD);
        String page = b.get("/account").body();
        HttpResponse<String> changed = b.postForm("/account/password", form("csrf", Pages.csrf(page), "current_password", Api.PASSWORD,
                "new_password", Lifecycle.NEW_PASSWORD));
        assertEquals(303, changed.statusCode(), changed.body());
        // The intruder's link now opens the "does not work" page, and the API refuses it too.
        HttpResponse<String> dead = browser().get("/verify?token=" + changeLink);
        assertEquals(400, dead.statusCode());
        assertFalse(dead.body().contains("name=\"token\""), dead.body());
        Lifecycle.verify(changeLink).then().statusCode(400);
        Lifecycle.passwordLogin(email, Lifecycle.NEW_PASSWORD).then().statusCode(200);
        Lifecycle.passwordLogin(intruder, Lifecycle.NEW_PASSWORD).then().statusCode(401);
    }

    @Test
    void resetPageWhenAnEmailChangeIsPendingThenItsLinkIsVoid() {
        Lifecycle.PendingChange pending = Lifecycle.accountWithPendingChange();
        String email = pending.email();
        String changeLink = pending.changeLink();
        forgot(email);
        String token = resetToken(email, 1);
        HttpBrowser b = browser();
        String page = b.get("/reset?token=" + token).body();
        HttpResponse<String> done = b.postForm("/reset", form("csrf", Pages.csrf(page), "token", token, "new_password", Lifecycle.NEW_PASSWORD));
        assertEquals(200, done.statusCode(), done.body());
        Lifecycle.verify(changeLink).then().statusCode(400);
        Lifecycle.passwordLogin(email, Lifecycle.NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void verifyPageWhenNotSignedInThenTheAccountsPasswordIsAskedAndTheLinkAloneConfirmsNothing() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        HttpBrowser b = browser();
        String page = b.get("/verify?token=" + token).body();
        assertTrue(page.contains("name=\"password\""), page);
        assertTrue(page.contains("id=\"not-mine\"") && page.contains("href=\"/forgot\""), "offers a reset instead");
        assertFalse(page.contains("name=\"code\""), "no authenticator app: no code field");

        HttpResponse<String> bare = b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token));
        assertEquals(403, bare.statusCode());
        assertTrue(bare.body().contains("id=\"error\"") && bare.body().contains("name=\"password\""), bare.body());
        HttpResponse<String> wrong = b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token, "password", "Not-The-Password-1"));
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("id=\"error\""), wrong.body());
        given().auth().oauth2(Api.login(email, Api.PASSWORD)).get("/auth/me").then().body("emailVerified", org.hamcrest.Matchers.equalTo(false));

        HttpResponse<String> done = b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token, "password", Api.PASSWORD));
        assertEquals(200, done.statusCode(), done.body());
        given().auth().oauth2(Api.login(email, Api.PASSWORD)).get("/auth/me").then().body("emailVerified", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void verifyPageWhenTheAccountHasAnAuthenticatorAppThenTheCodeIsAskedWithThePassword() {
        dev.gatehouse.mfa.MfaApi.Enrolled a = dev.gatehouse.mfa.MfaApi.enrolled();
        Lifecycle.resend(a.email()).then().statusCode(202);
        String token = Lifecycle.liveVerifyToken(a.email(), 2);
        HttpBrowser b = browser();
        String page = b.get("/verify?token=" + token).body();
        assertTrue(page.contains("name=\"code\""), page);
        assertEquals(403, b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token, "password", Api.PASSWORD)).statusCode());
        HttpResponse<String> done = b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token, "password", Api.PASSWORD,
                "code", a.code(1)));
        assertEquals(200, done.statusCode(), done.body());
    }

    @Test
    void verifyPageWhenAChangeLinkIsFollowedWithoutTheAccountThenNothingMoves() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        String access = Api.login(email, Api.PASSWORD);
        String victim = Api.uniqueEmail();
        Lifecycle.changeEmail(access, victim, Api.PASSWORD, null).then().statusCode(202);
        String token = verifyToken(victim, 1);
        HttpBrowser b = browser();
        String page = b.get("/verify?token=" + token).body();
        assertFalse(page.contains("id=\"not-mine\""), "a reset would go to the other account's address");
        assertEquals(403, b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token)).statusCode());
        given().auth().oauth2(access).get("/auth/me").then().body("email", org.hamcrest.Matchers.equalTo(email));
    }

    @Test
    void verifyPageWhenConfirmedInTheSignedInBrowserThenTheSessionAndPasskeysStay() {
        String email = Api.uniqueEmail();
        String access = registeredWithPasskey(email);
        HttpBrowser b = browser();
        Pages.signIn(b, email, Api.PASSWORD);
        String token = verifyToken(email, 1);
        assertFalse(b.get("/verify?token=" + token).body().contains("name=\"password\""), "signed in as the account: a button");
        confirmOnPage(b, token);
        assertEquals(200, b.get("/account").statusCode(), "still signed in");
        given().auth().oauth2(access).get("/auth/passkeys").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void verifyPageWhenConfirmedInABrowserNotSignedInThenSessionsAndPasskeysStay() {
        // Signed up on one device, confirmed on another: the link proves the mailbox and removes nothing.
        String email = Api.uniqueEmail();
        String access = registeredWithPasskey(email);
        HttpBrowser first = browser();
        Pages.signIn(first, email, Api.PASSWORD);
        confirmOnPage(browser(), verifyToken(email, 1));
        assertEquals(200, first.get("/account").statusCode(), "the first browser stays signed in");
        assertEquals(200, Api.meStatus(access));
        given().auth().oauth2(access).get("/auth/passkeys").then().body("size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void accountPageWhenAskingForANewVerificationLinkThenItIsMailedAndWorks() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        verifyToken(email, 1);
        HttpBrowser b = browser();
        Pages.signIn(b, email, Api.PASSWORD);
        HttpResponse<String> sent = b.postForm("/account/email/resend", form("csrf", Pages.csrf(b.get("/account").body())));
        assertEquals(303, sent.statusCode(), sent.body());
        assertTrue(HttpBrowser.location(sent).endsWith("/account?done=verification-sent"), HttpBrowser.location(sent));
        confirmOnPage(b, verifyToken(email, 2));
        assertEquals(200, b.get("/account").statusCode(), "confirmed while signed in: the session stays");
    }

    /** Registers {@code email}, signs in by the API and adds a passkey; the access token. */
    private static String registeredWithPasskey(String email) {
        Api.register(email, Api.PASSWORD);
        String access = Api.login(email, Api.PASSWORD);
        dev.gatehouse.passkey.PasskeyApi.register(access, dev.gatehouse.passkey.PasskeyApi.authenticator(), "a passkey");
        return access;
    }

    /** Follows a verification link in {@code b} and confirms it with the page's form (with the password when it asks). */
    private static void confirmOnPage(HttpBrowser b, String token) {
        String page = b.get("/verify?token=" + token).body();
        HttpResponse<String> done = page.contains("name=\"password\"")
                ? b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token, "password", Api.PASSWORD))
                : b.postForm("/verify", form("csrf", Pages.csrf(page), "token", token));
        assertEquals(200, done.statusCode(), done.body());
    }
}
