package dev.gatehouse.page;

import dev.gatehouse.Api;
import dev.gatehouse.HttpBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.gatehouse.page.Pages.csrf;
import static dev.gatehouse.page.Pages.form;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hosted sign-up page over HTTP: the account, the sign-in after it, its refusals, escaping, CSRF, redirects. */
@QuarkusTest
class SignupPageTest {

    static final String APP = "https://app.example.com/app/home";

    @TestHTTPResource("/")
    URL root;

    HttpBrowser browser() {
        String s = root.toString();
        return new HttpBrowser(s.substring(0, s.length() - 1));
    }

    @Test
    void signupWhenShownThenLabelledFormCsrfAndStrictHeaders() {
        HttpResponse<String> r = browser().get("/signup");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("<label for=\"email\">") && html.contains("<label for=\"password\">")
                && html.contains("<label for=\"display_name\">"), html);
        assertTrue(html.contains("autocomplete=\"new-password\""));
        assertTrue(html.contains("name=\"csrf\""));
        assertFalse(html.contains("<script"));
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElseThrow());
    }

    @Test
    void signupWhenValidThenAccountCreatedSignedInAndSentToAllowedReturnTo() {
        HttpBrowser b = browser();
        String email = Api.uniqueEmail();
        String csrf = csrf(b.get("/signup?return_to=" + URLEncoder.encode(APP, StandardCharsets.UTF_8)).body());
        HttpResponse<String> r = b.postForm("/signup", form("csrf", csrf, "email", email, "password", Api.PASSWORD,
                "display_name", "Ada", "return_to", APP));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(APP, HttpBrowser.location(r));
        assertNotNull(b.cookie(Pages.SESSION), "signed in at once");
        // The account exists and takes its password.
        Api.login(email, Api.PASSWORD);
        HttpResponse<String> account = b.get("/account");
        assertEquals(200, account.statusCode());
        assertTrue(account.body().contains(email) && account.body().contains(">Ada<"), account.body());
    }

    @Test
    void signupWhenReturnToNotAllowedThenNotCarriedAndDefaultAfterwards() {
        HttpBrowser b = browser();
        String evil = "https://evil.example/\"><script>alert(1)</script>";
        HttpResponse<String> page = b.get("/signup?return_to=" + URLEncoder.encode(evil, StandardCharsets.UTF_8));
        assertFalse(page.body().contains("evil.example"), page.body());
        HttpResponse<String> r = b.postForm("/signup", form("csrf", csrf(page.body()), "email", Api.uniqueEmail(),
                "password", Api.PASSWORD, "return_to", "https://evil.example/"));
        assertEquals(303, r.statusCode());
        assertEquals(root + "login/signed-in", HttpBrowser.location(r));
    }

    @Test
    void signupWhenCsrfMissingOrForeignThenRefusedAndNoAccount() {
        HttpBrowser b = browser();
        b.get("/signup");
        String email = Api.uniqueEmail();
        HttpResponse<String> none = b.postForm("/signup", form("email", email, "password", Api.PASSWORD));
        assertEquals(403, none.statusCode());
        HttpResponse<String> other = b.postForm("/signup", form("csrf", csrf(browser().get("/signup").body()), "email", email,
                "password", Api.PASSWORD));
        assertEquals(403, other.statusCode());
        assertTrue(other.body().contains("role=\"alert\""));
        assertNull(b.cookie(Pages.SESSION));
        given().contentType(ContentType.URLENC).formParam("username", email).formParam("password", Api.PASSWORD)
                .post("/auth/login").then().statusCode(401);
    }

    @Test
    void signupWhenInputHasMarkupThenEscapedInTheRefusal() {
        HttpBrowser b = browser();
        String csrf = csrf(b.get("/signup").body());
        HttpResponse<String> r = b.postForm("/signup", form("csrf", csrf, "email", "\"><script>alert(1)</script>",
                "display_name", "<img src=x onerror=alert(1)>", "password", Api.PASSWORD));
        assertEquals(400, r.statusCode());
        assertFalse(r.body().contains("<script>alert(1)"), r.body());
        assertFalse(r.body().contains("<img src=x"), r.body());
        assertTrue(r.body().contains("&lt;img src=x onerror=alert(1)&gt;") || r.body().contains("&lt;img"), r.body());
        assertTrue(r.body().contains("The e-mail address is not valid."), r.body());
    }

    @Test
    void signupWhenPasswordBreaksPolicyThenRuleInReadersLanguage() {
        HttpBrowser b = browser();
        String csrf = csrf(b.get("/signup", "Accept-Language", "de").body());
        HttpResponse<String> r = b.postForm("/signup", form("csrf", csrf, "email", Api.uniqueEmail(), "password", "password123"),
                "Accept-Language", "de-AT, de;q=0.9");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<html lang=\"de\">"), r.body());
        assertTrue(r.body().contains("Passwort"), r.body());
        assertFalse(r.body().contains("choose another") || r.body().contains("too easy"), "no English detail: " + r.body());
        HttpResponse<String> en = b.postForm("/signup", form("csrf", csrf, "email", Api.uniqueEmail(), "password", "short"));
        assertTrue(en.body().contains("The password must have at least"), en.body());
    }

    @Test
    void signupWhenEmailTakenThenSaysSoAndSignsNobodyIn() {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        HttpBrowser b = browser();
        HttpResponse<String> r = b.postForm("/signup", form("csrf", csrf(b.get("/signup").body()), "email", email,
                "password", "Another-Harbor-2931"));
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("already exists"), r.body());
        assertNull(b.cookie(Pages.SESSION));
    }

    @Test
    void loginPageWhenRegistrationOnThenLinksToSignupKeepingReturnTo() {
        String html = browser().get("/login?return_to=" + URLEncoder.encode(APP, StandardCharsets.UTF_8)).body();
        assertTrue(html.contains("href=\"/signup?return_to=https%3A%2F%2Fapp.example.com%2Fapp%2Fhome\""), html);
    }
}
