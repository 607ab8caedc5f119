package dev.gatehouse.page;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Branding by configuration reaches every page: name (escaped), logo (and its img-src), colour sheet, support and app links. */
@QuarkusTest
@TestProfile(BrandedProfile.class)
class BrandedPagesTest {

    @Test
    void pageWhenBrandedThenNameLogoLinksAndLogoOriginInCsp() {
        Response r = given().get("/login");
        String html = r.body().asString();
        assertTrue(html.contains("<title>Sign in · Acme &lt;Cloud&gt;</title>"), html);
        assertTrue(html.contains("<img class=\"logo\" src=\"https://cdn.acme.example/logo.svg\""), html);
        assertTrue(html.contains("href=\"mailto:help@acme.example\" id=\"support\""), html);
        assertTrue(html.contains("href=\"https://app.example.com/app/home\" id=\"back-to-app\""), html);
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp.contains("img-src 'self' data: https://cdn.acme.example;"), csp);
    }

    @Test
    void brandStylesheetWhenLightColourThenBlackTextAndReadableLinks() {
        String css = given().get("/assets/brand.css").then().statusCode(200).extract().asString();
        assertTrue(css.contains("--brand: #ffcc00;") && css.contains("--on-brand: #000000;") && css.contains("--link: #1d4ed8;"), css);
    }

    @Test
    void signedOutPageWhenAppConfiguredThenLinksBackToIt() {
        String html = given().get("/logout/done").then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"app\"") && html.contains("https://app.example.com/app/home"), html);
        assertTrue(html.contains("href=\"/login\""), html);
    }
}
