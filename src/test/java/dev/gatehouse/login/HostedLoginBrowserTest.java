package dev.gatehouse.login;

import dev.gatehouse.Api;
import dev.gatehouse.Chromium;
import dev.gatehouse.social.SocialStandInsAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hosted page in a real browser: Debian's headless Chromium driven by Selenium. Signs in with a
 * password, and separately clicks "Continue with Google" through the stand-in provider; saves
 * screenshots under target/screenshots for review.
 */
@QuarkusTest
class HostedLoginBrowserTest {

    @TestHTTPResource("/")
    URL root;

    WebDriver driver;

    @BeforeEach
    void startBrowser() throws IOException {
        driver = Chromium.start();
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String signedInUrl() {
        return root + "login/signed-in";
    }

    private void shot(String name) throws IOException {
        Chromium.shot(driver, name);
    }

    @Test
    void passwordSignInWhenCorrectThenLandsOnReturnToSignedIn() throws IOException {
        String email = Api.uniqueEmail();
        Api.register(email, Api.PASSWORD);
        driver.get(root + "login?return_to=" + URLEncoder.encode(signedInUrl(), StandardCharsets.UTF_8));
        shot("hosted-login");
        assertEquals("Sign in · Gatehouse", driver.getTitle());
        // Keyboard use: the e-mail field has focus, tab reaches the password field.
        assertEquals("username", driver.switchTo().activeElement().getAttribute("id"));
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys("Wrong-Harbor-0000");
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        shot("hosted-login-error");
        assertTrue(driver.findElement(By.id("error")).getText().contains("incorrect"));

        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD + "\n"); // Enter submits
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlToBe(signedInUrl()));
        shot("hosted-login-signed-in");
        assertEquals("You are signed in", driver.findElement(By.id("heading")).getText());
        assertTrue(driver.manage().getCookieNamed("__Host-gatehouse-session") != null, "the session cookie is set");
    }

    /** Enrols through the API, then signs in on the hosted page with the password and then a code computed here. */
    @Test
    void passwordSignInWhenMfaOnThenCodeStepThenSignedIn() throws IOException {
        dev.gatehouse.mfa.MfaApi.Enrolled a = dev.gatehouse.mfa.MfaApi.enrolled();
        driver.get(root + "login?return_to=" + URLEncoder.encode(signedInUrl(), StandardCharsets.UTF_8));
        driver.findElement(By.id("username")).sendKeys(a.email());
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD + "\n");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        shot("hosted-mfa-step");
        assertEquals("Two-factor sign-in · Gatehouse", driver.getTitle());
        assertEquals("code", driver.switchTo().activeElement().getAttribute("id"));
        assertTrue(driver.manage().getCookieNamed("__Host-gatehouse-session") == null, "no session before the code");

        driver.findElement(By.id("code")).sendKeys("000000".equals(a.code(1)) ? "111111\n" : "000000\n");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        shot("hosted-mfa-wrong-code");
        assertTrue(driver.findElement(By.id("error")).getText().contains("not right"));

        driver.findElement(By.id("code")).sendKeys(a.code(1) + "\n");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlToBe(signedInUrl()));
        shot("hosted-mfa-signed-in");
        assertEquals("You are signed in", driver.findElement(By.id("heading")).getText());
        assertTrue(driver.manage().getCookieNamed("__Host-gatehouse-session") != null, "the session cookie is set");
    }

    @Test
    void continueWithGoogleWhenClickedThenRoundTripThroughTheProviderAndSignedIn() throws IOException {
        SocialStandInsAccess.nextGoogleUser("g-browser-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        driver.get(root + "login?return_to=" + URLEncoder.encode(signedInUrl(), StandardCharsets.UTF_8));
        driver.findElement(By.id("continue-google")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlToBe(signedInUrl()));
        shot("google-signed-in");
        assertEquals("You are signed in", driver.findElement(By.id("heading")).getText());
        assertTrue(driver.manage().getCookieNamed("__Host-gatehouse-session") != null, "the session cookie is set");
    }
}
