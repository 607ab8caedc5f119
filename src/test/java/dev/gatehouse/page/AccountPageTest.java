package dev.gatehouse.page;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import dev.gatehouse.mfa.MfaApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gatehouse.page.Pages.csrf;
import static dev.gatehouse.page.Pages.form;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hosted account page over HTTP: who it shows, every form's CSRF rule, and each change through its service. */
@QuarkusTest
class AccountPageTest {

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    record Person(String email, String id, HttpBrowser browser) {
    }

    Person signedIn() {
        String email = Api.uniqueEmail();
        String id = Api.register(email, Api.PASSWORD);
        HttpBrowser b = browser();
        Pages.signIn(b, email, Api.PASSWORD);
        return new Person(email, id, b);
    }

    static List<String> sessionIds(String html) {
        Matcher m = Pattern.compile("<li id=\"session-([0-9a-f-]{36})\"").matcher(html);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private HttpResponse<String> post(Person p, String path, String... kv) {
        String[] all = new String[kv.length + 2];
        all[0] = "csrf";
        all[1] = csrf(p.browser());
        System.arraycopy(kv, 0, all, 2, kv.length);
        return p.browser().postForm(path, form(all));
    }

    @Test
    void accountWhenNoSessionThenToSignInAndBackToAccount() {
        HttpBrowser b = browser();
        HttpResponse<String> r = b.get("/account");
        assertEquals(303, r.statusCode());
        String accountUrl = root + "account";
        assertEquals(root + "login?return_to=" + URLEncoder.encode(accountUrl, StandardCharsets.UTF_8), HttpBrowser.location(r));
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpResponse<String> login = b.get(HttpBrowser.location(r));
        assertTrue(login.body().contains("name=\"return_to\" value=\"" + accountUrl + "\""), "the account page is an allowed return_to");
        HttpResponse<String> in = b.postForm("/login", form("csrf", csrf(login.body()), "username", email, "password", Api.PASSWORD,
                "return_to", accountUrl));
        assertEquals(accountUrl, HttpBrowser.location(in));
        assertEquals(200, b.get("/account").statusCode());
    }

    @Test
    void returnToWhenAccountLookalikeThenNotAllowed() {
        Person p = signedIn();
        String passkeys = root + "account/passkeys";
        String page = p.browser().get("/login?return_to=" + URLEncoder.encode(passkeys, StandardCharsets.UTF_8)).body();
        assertTrue(page.contains("name=\"return_to\" value=\"" + passkeys + "\""), "the passkeys page is an allowed return_to");
        for (String bad : List.of(root + "account?x=https://evil.example", root + "account/../admin", root + "accounts",
                root + "account/passkeys?x=1", root + "account/passkeys/x", root + "account/other",
                "https://evil.example/account", "//evil.example/account", "/account")) {
            String html = p.browser().get("/login?return_to=" + URLEncoder.encode(bad, StandardCharsets.UTF_8)).body();
            assertTrue(html.contains("name=\"return_to\" value=\"\""), bad + ": " + html);
        }
    }

    @Test
    void accountWhenSignedInThenProfileSessionsAndSectionsWithInputEscaped() {
        String email = Api.uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD, "displayName", "<b>Ada</b>\"'"))
                .post("/auth/register").then().statusCode(201);
        HttpBrowser b = browser();
        Pages.signIn(b, email, Api.PASSWORD);
        HttpResponse<String> r = b.get("/account?done=%3Cscript%3E");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("&lt;b&gt;Ada&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>Ada</b>") || html.contains("<script"), html);
        assertTrue(html.contains(email) && html.contains("id=\"email-state\">not verified<"), html);
        assertTrue(html.contains("id=\"email-change\""), "the e-mail change spot");
        assertEquals(1, sessionIds(html).size(), html);
        assertTrue(html.contains("this browser"));
        for (String id : List.of("password-section", "mfa", "sessions", "identities", "api-keys")) {
            assertTrue(html.contains("<section id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("href=\"/logout\""));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        assertFalse(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains("unsafe-inline"));
    }

    @Test
    void accountWhenGermanThenGermanTextsAndDates() {
        Person p = signedIn();
        String html = p.browser().get("/account", "Accept-Language", "de-CH,de;q=0.8").body();
        assertTrue(html.contains("<html lang=\"de\">") && html.contains("Ihr Konto") && html.contains("Überall abmelden"), html);
        // Dates in the German form: day.month.year.
        assertTrue(Pattern.compile("Angemeldet am \\d{2}\\.\\d{2}\\.\\d{4}").matcher(html).find()
                || Pattern.compile("Angemeldet am \\d{1,2}\\.\\d{1,2}\\.\\d{2,4}").matcher(html).find(), html);
    }

    @Test
    void accountFormsWhenCsrfMissingOrWrongThenRefusedAndNothingChanged() {
        Person p = signedIn();
        String other = "x".repeat(43);
        for (String path : List.of("/account/password", "/account/sessions/end", "/account/sessions/end-all", "/account/identities/link",
                "/account/identities/unlink", "/account/mfa/start", "/account/mfa/confirm", "/account/mfa", "/account/api-keys",
                "/account/api-keys/revoke")) {
            assertEquals(403, p.browser().postForm(path, form("current_password", Api.PASSWORD, "new_password", "Brand-New-Harbor-4412",
                    "name", "k", "days", "1", "scope", "openid")).statusCode(), path);
            assertEquals(403, p.browser().postForm(path, form("csrf", other, "current_password", Api.PASSWORD,
                    "new_password", "Brand-New-Harbor-4412")).statusCode(), path);
        }
        assertEquals(200, p.browser().get("/account").statusCode(), "still signed in (end-all refused)");
        Api.login(p.email(), Api.PASSWORD);
        given().auth().oauth2(Api.login(p.email(), Api.PASSWORD)).get("/auth/api-keys").then().body("size()", org.hamcrest.Matchers.is(0));
    }

    @Test
    void accountFormWhenNoSessionThenToSignIn() {
        HttpBrowser b = browser();
        String csrf = csrf(b);
        HttpResponse<String> r = b.postForm("/account/sessions/end-all", form("csrf", csrf));
        assertEquals(303, r.statusCode());
        assertTrue(HttpBrowser.location(r).startsWith(root + "login?return_to="));
    }

    @Test
    void passwordWhenChangedOnPageThenNewOneWorksAndOtherSessionsEnd() {
        Person p = signedIn();
        String otherToken = Api.login(p.email(), Api.PASSWORD);
        String refresh = given().contentType(ContentType.URLENC).formParam("username", p.email()).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().extract().path("refresh_token");
        HttpResponse<String> wrong = post(p, "/account/password", "current_password", "Wrong-Harbor-0000",
                "new_password", "Brand-New-Harbor-4412");
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("The current password is not correct."), wrong.body());
        HttpResponse<String> weak = post(p, "/account/password", "current_password", Api.PASSWORD, "new_password", "short");
        assertEquals(400, weak.statusCode());
        assertTrue(weak.body().contains("at least"), weak.body());
        HttpResponse<String> ok = post(p, "/account/password", "current_password", Api.PASSWORD,
                "new_password", "Brand-New-Harbor-4412", "end_others", "on");
        assertEquals(303, ok.statusCode(), ok.body());
        assertEquals(root + "account?done=password", HttpBrowser.location(ok));
        assertTrue(p.browser().get(HttpBrowser.location(ok)).body().contains("Your password was changed."));
        Api.login(p.email(), "Brand-New-Harbor-4412");
        given().contentType(ContentType.URLENC).formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(400);
        assertTrue(otherToken.length() > 0);
    }

    @Test
    void sessionsWhenOneEndedThenGoneAndEverywhereEndsAll() {
        Person p = signedIn();
        String refresh = given().contentType(ContentType.URLENC).formParam("username", p.email()).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().extract().path("refresh_token");
        List<String> ids = sessionIds(p.browser().get("/account").body());
        assertEquals(2, ids.size());
        String current = p.browser().get("/account").body().replaceAll("(?s).*<li id=\"session-([0-9a-f-]{36})\">\\s*<div>\\s*<strong>[^<]*</strong> <span class=\"badge ok\">this browser.*", "$1");
        String other = ids.stream().filter(i -> !i.equals(current)).findFirst().orElseThrow();
        HttpResponse<String> end = post(p, "/account/sessions/end", "session", other);
        assertEquals(303, end.statusCode(), end.body());
        assertEquals(List.of(current), sessionIds(p.browser().get("/account").body()));
        given().contentType(ContentType.URLENC).formParam("refresh_token", refresh).post("/auth/refresh").then().statusCode(400);
        assertEquals(404, post(p, "/account/sessions/end", "session", java.util.UUID.randomUUID().toString()).statusCode());

        String token = Api.login(p.email(), Api.PASSWORD);
        HttpResponse<String> all = post(p, "/account/sessions/end-all");
        assertEquals(303, all.statusCode());
        assertEquals(root + "logout/done?everywhere=1", HttpBrowser.location(all));
        assertNull(p.browser().cookie(Pages.SESSION));
        assertEquals(401, Api.meStatus(token), "every token of the account ended");
        assertTrue(p.browser().get("/logout/done?everywhere=1").body().contains("everywhere else"));
    }

    @Test
    void mfaWhenEnrolledOnPageThenCodesOnceAndPasswordChangeAndTurnOffNeedACode() {
        Person p = signedIn();
        HttpResponse<String> start = post(p, "/account/mfa/start");
        assertEquals(200, start.statusCode(), start.body());
        assertTrue(start.body().contains("src=\"data:image/png;base64,"), "the QR code");
        String secret = Pages.text(start.body(), "secret").replace(" ", "");
        HttpResponse<String> wrong = post(p, "/account/mfa/confirm", "code", "000000".equals(MfaApi.code(secret, 0)) ? "111111" : "000000");
        assertEquals(400, wrong.statusCode());
        assertEquals(secret, Pages.text(wrong.body(), "secret").replace(" ", ""), "the same key again after a mistyped code");
        HttpResponse<String> codes = post(p, "/account/mfa/confirm", "code", MfaApi.code(secret, 0));
        assertEquals(200, codes.statusCode(), codes.body());
        assertEquals(10, Pattern.compile("<li><code>").matcher(codes.body()).results().count(), codes.body());
        String account = p.browser().get("/account").body();
        assertTrue(account.contains("On: 10 backup codes left."), account);
        HttpResponse<String> noCode = post(p, "/account/password", "current_password", Api.PASSWORD, "new_password", "Brand-New-Harbor-4412");
        assertEquals(403, noCode.statusCode());
        assertTrue(noCode.body().contains("Enter a code"), noCode.body());
        HttpResponse<String> off = post(p, "/account/mfa", "action", "disable", "code", MfaApi.code(secret, 1));
        assertEquals(303, off.statusCode(), off.body());
        assertTrue(p.browser().get("/account?done=mfa-off").body().contains("Two-factor sign-in is off."));
    }

    @Test
    void apiKeyWhenCreatedOnPageThenShownOnceListedAndRevoked() {
        Person p = signedIn();
        HttpResponse<String> none = post(p, "/account/api-keys", "name", "ci", "days", "30");
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("Choose at least one scope"), none.body());
        HttpResponse<String> created = post(p, "/account/api-keys", "name", "<ci>", "days", "30", "scope", "openid");
        assertEquals(201, created.statusCode(), created.body());
        String key = Pages.text(created.body(), "api-key");
        assertTrue(key.startsWith("gk_"), key);
        String account = p.browser().get("/account").body();
        assertTrue(account.contains("&lt;ci&gt;") && !account.contains(key), "listed by name, never the key again");
        Matcher m = Pattern.compile("name=\"key\" value=\"([0-9a-f-]{36})\"").matcher(account);
        assertTrue(m.find());
        assertEquals(303, post(p, "/account/api-keys/revoke", "key", m.group(1)).statusCode());
        assertTrue(p.browser().get("/account?done=key-revoked").body().contains("No API keys yet."));
    }

    @Test
    void identitiesWhenUnlinkingWhatIsNotLinkedThenClearError() {
        Person p = signedIn();
        HttpResponse<String> r = post(p, "/account/identities/unlink", "provider", "github");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("not linked"), r.body());
        assertEquals(404, post(p, "/account/identities/unlink", "provider", "<x>").statusCode());
    }
}
