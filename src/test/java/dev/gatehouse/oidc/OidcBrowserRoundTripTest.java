package dev.gatehouse.oidc;

import dev.gatehouse.Api;
import dev.gatehouse.Chromium;
import dev.gatehouse.mfa.MfaApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.gatehouse.oidc.OidcFlows.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole browser round trip in headless Chromium: the client sends the person to
 * {@code /oauth2/authorize}, the hosted page signs them in with password and TOTP, the browser
 * lands back at the client with a code, the client exchanges it for tokens; the next authorize
 * ({@code prompt=none}) is silent; RP-initiated logout ends the SSO session and returns to the client.
 */
@QuarkusTest
class OidcBrowserRoundTripTest {

    @TestHTTPResource("/")
    URL root;

    WebDriver driver;
    RelyingPartyStub rp;

    @BeforeEach
    void start() throws IOException {
        driver = Chromium.start();
        rp = new RelyingPartyStub();
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        rp.close();
    }

    @Test
    void authorizeWhenSignedInWithPasswordAndTotpThenBackAtClientWithCodeAndTokens() throws IOException {
        MfaApi.Enrolled person = MfaApi.enrolled();
        Client client = register("PUBLIC", List.of(rp.url("/cb")), true, Map.of("postLogoutRedirectUris", List.of(rp.url("/bye"))));
        Pkce pkce = Pkce.create();
        Map<String, String> params = request(client, pkce, "login_hint", person.email());
        driver.get(root + "oauth2/authorize?" + encode(params));
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        assertEquals(person.email(), driver.findElement(By.id("username")).getAttribute("value"), "login_hint pre-fills the e-mail");
        Chromium.shot(driver, "oidc-sign-in");
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD + "\n");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        Chromium.shot(driver, "oidc-totp");
        driver.findElement(By.id("code")).sendKeys(person.code(1) + "\n");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rp")));
        String landed = driver.getCurrentUrl();
        Chromium.shot(driver, "oidc-back-at-client");
        assertTrue(landed.startsWith(rp.url("/cb") + "?"), landed);
        Map<String, String> q = query(landed);
        assertEquals(params.get("state"), q.get("state"));
        assertEquals("http://localhost:8081", q.get("iss"));
        Response tokens = exchange(client, q.get("code"), pkce.verifier());
        tokens.then().statusCode(200);
        Map<String, Object> id = jwt(tokens.path("id_token"), 1);
        assertEquals(person.accountId(), id.get("sub"));
        assertEquals(params.get("nonce"), id.get("nonce"));
        assertEquals(List.of("pwd", "otp"), id.get("amr"));
        assertNotNull(tokens.path("refresh_token"));

        // Silent: the SSO session answers prompt=none with a code, no page.
        Pkce again = Pkce.create();
        driver.get(root + "oauth2/authorize?" + encode(request(client, again, "prompt", "none")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rp")));
        String silent = query(driver.getCurrentUrl()).get("code");
        assertNotNull(silent, driver.getCurrentUrl());
        exchange(client, silent, again.verifier()).then().statusCode(200);

        // RP-initiated logout: back at the client's registered address; the SSO session is gone.
        driver.get(root + "oauth2/logout?id_token_hint=" + tokens.path("id_token") + "&post_logout_redirect_uri="
                + URLEncoder.encode(rp.url("/bye"), StandardCharsets.UTF_8));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("bye")));
        driver.get(root + "oauth2/authorize?" + encode(request(client, Pkce.create(), "prompt", "none")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rp")));
        assertEquals("login_required", query(driver.getCurrentUrl()).get("error"));
        assertEquals(401, Api.meStatus(tokens.path("access_token")));
    }

    static String encode(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
