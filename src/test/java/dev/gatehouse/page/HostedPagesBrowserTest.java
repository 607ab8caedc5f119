package dev.gatehouse.page;

import dev.gatehouse.Api;
import dev.gatehouse.Chromium;
import dev.gatehouse.mfa.MfaApi;
import dev.gatehouse.social.SocialStandInsAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person in Chromium: signs up, lands on the account page, changes the password, turns on the
 * authenticator app, creates an API key, ends another session, signs out. Screenshots of every page
 * at 375 px and 1280 px wide under target/screenshots (walk-*-375.png, walk-*-1280.png).
 */
@QuarkusTest
class HostedPagesBrowserTest {

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

    private void shots(String name) throws IOException {
        Chromium.shots(driver, "walk-" + name);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private void waitForHeading(String text) {
        waiting().until(ExpectedConditions.textToBe(By.id("heading"), text));
    }

    @Test
    void walkWhenSigningUpThenAccountChangesSessionsAndSignOutWork() throws IOException {
        String account = root + "account";
        String email = Api.uniqueEmail();
        driver.manage().window().setSize(new Dimension(375, 900));

        // Sign-up, coming from the sign-in page.
        driver.get(root + "login?return_to=" + URLEncoder.encode(account, StandardCharsets.UTF_8));
        shots("login");
        driver.findElement(By.id("sign-up")).click();
        waitForHeading("Create an account");
        assertEquals("email", driver.switchTo().activeElement().getAttribute("id"), "the first field has focus");
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("display_name")).sendKeys("Ada <Lovelace>");
        driver.findElement(By.id("password")).sendKeys("short");
        driver.findElement(By.id("create")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertEquals("alert", driver.findElement(By.id("error")).getAttribute("role"));
        shots("signup-error");
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        shots("signup");
        driver.findElement(By.id("create")).click();

        // Signed in at once, on the account page (the allowed return_to).
        waiting().until(ExpectedConditions.urlToBe(account));
        waitForHeading("Your account");
        assertEquals("Ada <Lovelace>", driver.findElement(By.id("display-name")).getText());
        assertEquals(email, driver.findElement(By.id("email")).getText());
        assertNotNull(driver.manage().getCookieNamed(Pages.SESSION));
        shots("account");

        // Change the password.
        driver.findElement(By.id("current_password")).sendKeys(Api.PASSWORD);
        driver.findElement(By.id("new_password")).sendKeys("Brand-New-Harbor-4412");
        driver.findElement(By.id("change-password")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertEquals("Your password was changed.", driver.findElement(By.id("notice")).getText());
        shots("account-password-changed");

        // Link Google (the stand-in): the page moves on to the provider by itself and comes back here.
        SocialStandInsAccess.nextGoogleUser("g-walk-" + UUID.randomUUID(), Api.uniqueEmail(), true);
        driver.findElement(By.id("link-google")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("unlink-google")));
        assertEquals(account, driver.getCurrentUrl());
        shots("account-linked");

        // Turn on the authenticator app: QR code, key, first code, backup codes once.
        driver.findElement(By.id("mfa-start")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("qr")));
        Object qrWidth = ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth", driver.findElement(By.id("qr")));
        assertTrue(((Number) qrWidth).intValue() > 100, "the QR code rendered under the CSP");
        shots("account-mfa-enrol");
        String secret = driver.findElement(By.id("secret")).getText().replace(" ", "").replace("\n", "");
        driver.findElement(By.id("code")).sendKeys(MfaApi.code(secret, 0) + "\n");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("backup-codes")));
        List<String> backupCodes = driver.findElements(By.cssSelector("#backup-codes code")).stream().map(WebElement::getText).toList();
        assertEquals(10, backupCodes.size());
        shots("account-backup-codes");
        driver.findElement(By.id("continue")).click();
        waitForHeading("Your account");
        assertTrue(driver.findElement(By.id("mfa-state")).getText().startsWith("On"));

        // An API key, shown once.
        driver.findElement(By.id("key_name")).sendKeys("deploy script");
        driver.findElement(By.cssSelector("input[name=scope][value=openid]")).click();
        driver.findElement(By.id("create-key")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("api-key")));
        assertTrue(driver.findElement(By.id("api-key")).getText().startsWith("gk_"));
        shots("account-api-key");
        driver.findElement(By.id("continue")).click();
        waitForHeading("Your account");

        // Another session (a script signed in with the new password and its code) shows up; end it.
        String pending = MfaApi.login(email, "Brand-New-Harbor-4412").then().statusCode(403).extract().path("mfa_token");
        MfaApi.verifyOtp(pending, MfaApi.code(secret, 1)).then().statusCode(200);
        driver.navigate().refresh();
        // Three: the sign-up's browser session, the one the Google link signed in (social package: a link
        // flow signs in afresh), and the script's.
        List<WebElement> ends = driver.findElements(By.cssSelector("#session-list button"));
        assertEquals(3, ends.size());
        shots("account-sessions");
        WebElement script = driver.findElements(By.cssSelector("#session-list li")).stream()
                .filter(li -> li.getText().contains("App or script")).findFirst().orElseThrow();
        script.findElement(By.tagName("button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertEquals(2, driver.findElements(By.cssSelector("#session-list li")).size());
        assertTrue(driver.findElements(By.cssSelector("#session-list li")).stream().noneMatch(li -> li.getText().contains("App or script")));

        // Sign out: the confirmation, then the signed-out page.
        driver.findElement(By.id("sign-out")).click();
        waitForHeading("Sign out?");
        shots("logout");
        driver.findElement(By.id("sign-out")).click();
        waitForHeading("You are signed out");
        assertNull(driver.manage().getCookieNamed(Pages.SESSION));
        assertFalse(driver.findElements(By.id("sign-in")).isEmpty());
        shots("signed-out");
        driver.get(account);
        waitForHeading("Sign in");

        // The same browser asking for German (as a German-language browser does): every page follows.
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Accept-Language", "de-DE,de;q=0.9")));
        driver.get(root + "login");
        waitForHeading("Anmelden");
        assertEquals("de", driver.findElement(By.tagName("html")).getAttribute("lang"));
        shots("login-de");
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys("Brand-New-Harbor-4412\n");
        waitForHeading("Zwei-Faktor-Anmeldung");
        driver.findElement(By.id("code")).sendKeys(backupCodes.get(0) + "\n");
        waiting().until(ExpectedConditions.urlToBe(root + "login/signed-in"));
        driver.get(account);
        waitForHeading("Ihr Konto");
        shots("account-de");
    }
}
