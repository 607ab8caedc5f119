package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page infrastructure: language by Accept-Language, branding, headers, the one CSRF cookie. */
@QuarkusTest
class HostedPagesTest {

    @Test
    void pageWhenAcceptLanguageGermanThenGermanTextsAndLang() {
        Response r = given().header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5").redirects().follow(false).get("/login");
        assertEquals(200, r.statusCode());
        String html = r.body().asString();
        assertTrue(html.contains("<html lang=\"de\">"), html);
        assertTrue(html.contains(">Anmelden</h1>") && html.contains("E-Mail-Adresse"), html);
        assertTrue(html.contains("Passwort vergessen?"), "umlauts and ß come through as UTF-8: " + html);
        assertEquals("de", r.header("Content-Language"));
    }

    @Test
    void pageWhenNoOrUnsupportedOrMalformedLanguageThenEnglish() {
        for (String header : new String[] {null, "fr-FR,fr;q=0.9", "x;;q=abc,,", "*"}) {
            var req = given().redirects().follow(false);
            if (header != null) {
                req.header("Accept-Language", header);
            }
            Response r = req.get("/login");
            assertEquals(200, r.statusCode(), String.valueOf(header));
            String html = r.body().asString();
            assertTrue(html.contains("<html lang=\"en\">") && html.contains(">Sign in</h1>"), header + ": " + html);
        }
    }

    @Test
    void pageWhenGermanPreferredOverEnglishByQualityThenGerman() {
        Response r = given().header("Accept-Language", "en;q=0.3, de;q=0.8").get("/login");
        assertTrue(r.body().asString().contains("<html lang=\"de\">"));
    }

    @Test
    void pageWhenShownThenBrandNameStylesheetAndStrictHeaders() {
        Response r = given().get("/login");
        String html = r.body().asString();
        assertTrue(html.contains("<title>Sign in · Gatehouse</title>"), html);
        assertTrue(html.contains("id=\"product\">Gatehouse<"), html);
        assertTrue(html.contains("href=\"/assets/brand.css\""));
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("style-src 'self';") && csp.contains("img-src 'self' data:"), csp);
        // The sign-in page runs one script of its own (passkeys), nothing inline; the other pages none at all.
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        assertTrue(csp.endsWith("script-src 'self'; connect-src 'self'"), csp);
        assertFalse(given().get("/forgot").header("Content-Security-Policy").contains("script-src"));
        assertEquals("no-store", r.header("Cache-Control"));
        String cookie = r.header("Set-Cookie");
        assertNotNull(cookie);
        assertTrue(cookie.startsWith(Csrf.COOKIE + "=") && cookie.contains("Secure") && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict"), cookie);
    }

    @Test
    void brandStylesheetWhenFetchedThenConfiguredColourAsCustomProperties() {
        Response r = given().get("/assets/brand.css");
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/css"), r.contentType());
        String css = r.body().asString();
        assertTrue(css.contains("--brand: #1d4ed8;") && css.contains("--on-brand: #ffffff;"), css);
    }

    @Test
    void pageWhenCsrfCookieSentThenReusedNotReplaced() {
        Response first = given().get("/login");
        String token = first.cookie(Csrf.COOKIE);
        Response second = given().cookie(Csrf.COOKIE, token).get("/login");
        assertEquals(null, second.header("Set-Cookie"));
        assertTrue(second.body().asString().contains("name=\"csrf\" value=\"" + token + "\""));
    }
    @Test
    void openIdProviderPagesWhenGermanThenGerman() {
        Response authorize = given().header("Accept-Language", "de").redirects().follow(false).get("/oauth2/authorize");
        assertEquals(400, authorize.statusCode());
        assertTrue(authorize.body().asString().contains("Anmeldung fehlgeschlagen"), authorize.body().asString());
        Response logout = given().header("Accept-Language", "de").redirects().follow(false).get("/oauth2/logout?state=a&state=b");
        assertEquals(400, logout.statusCode());
        assertTrue(logout.body().asString().contains("Abmeldung fehlgeschlagen"), logout.body().asString());
        Response english = given().redirects().follow(false).get("/oauth2/logout?state=a&state=b");
        assertTrue(english.body().asString().contains("Sign-out failed"), english.body().asString());
    }

    @Test
    void signedInPageWhenGermanThenGermanAndLinksToAccount() {
        String html = given().header("Accept-Language", "de").get("/login/signed-in").body().asString();
        assertTrue(html.contains("Sie sind angemeldet") && html.contains("href=\"/account\""), html);
    }
}
